using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Storage;

/// <summary>The object-store contract on an S3-protocol server (PORTAL_TEST_S3; scripts/peers/s3.sh starts s3rver).</summary>
public sealed class S3ObjectStoreTests : ObjectStoreContractTests
{
    protected override async Task<ObjectStoreFixture> CreateFixtureAsync()
    {
        var url = PeerRequirement.Require("PORTAL_TEST_S3", "An S3-protocol server");
        var fixture = new S3Fixture(url);
        await fixture.Store.EnsureBucketAsync(fixture.Bucket);
        return fixture;
    }

    private sealed class S3Fixture(string url) : ObjectStoreFixture
    {
        public override IObjectStore Store { get; } = new S3ObjectStore(ObjectStoreServiceCollectionExtensions.CreateS3Client(new ObjectStoreOptions.S3Settings
        {
            ServiceUrl = url,
            AccessKey = "S3RVER",
            SecretKey = "S3RVER",
            ForcePathStyle = true,
            CompatibilityMode = true,
        }));
    }
}
