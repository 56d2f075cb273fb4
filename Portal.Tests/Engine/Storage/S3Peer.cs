using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Storage;

/// <summary>
/// The S3-protocol test server (PORTAL_TEST_S3; <c>scripts/peers/s3.sh</c> starts s3rver): skips without it on a developer
/// machine, fails under CI=true. Provider tests of other features use it to run their folder-store tests against S3.
/// </summary>
public static class S3Peer
{
    public static string Url() => PeerRequirement.Require("PORTAL_TEST_S3", "An S3-protocol server");

    /// <summary>The real S3 adapter on the peer, with s3rver's credentials (or wrong ones: every request is refused).</summary>
    public static IObjectStore Store(bool wrongCredentials = false) =>
        new S3ObjectStore(ObjectStoreServiceCollectionExtensions.CreateS3Client(new ObjectStoreOptions.S3Settings
        {
            ServiceUrl = Url(),
            AccessKey = wrongCredentials ? "NOTS3RVER" : "S3RVER",
            SecretKey = wrongCredentials ? "not-the-secret" : "S3RVER",
            ForcePathStyle = true,
            CompatibilityMode = true,
        }));

    /// <summary>A bucket name no other test uses, so tests on one server never see each other's objects.</summary>
    public static string UniqueBucket(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
}
