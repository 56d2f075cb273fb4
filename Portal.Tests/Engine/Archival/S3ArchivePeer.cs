using Amazon.S3;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Archival;

/// <summary>
/// moto's S3 server (PORTAL_TEST_S3_ARCHIVE; <c>scripts/peers/moto.sh</c>): the peer for what s3rver does not implement,
/// bucket lifecycle configuration, InvalidObjectState for archived objects and RestoreObject. The real AWS client is
/// used as against Amazon S3 (no compatibility mode: moto reads aws-chunked uploads with trailing checksums).
/// </summary>
public static class S3ArchivePeer
{
    public static IAmazonS3 Client() =>
        ObjectStoreServiceCollectionExtensions.CreateS3Client(new ObjectStoreOptions.S3Settings
        {
            ServiceUrl = PeerRequirement.Require("PORTAL_TEST_S3_ARCHIVE", "moto's S3 server"),
            AccessKey = "AKIAMOTOTEST00000000",
            SecretKey = "moto-test-secret",
            ForcePathStyle = true,
        });
}
