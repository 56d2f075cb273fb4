using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Storage;

/// <summary>The object-store contract on an S3-protocol server (PORTAL_TEST_S3; scripts/peers/s3.sh starts s3rver).</summary>
public sealed class S3ObjectStoreTests : ObjectStoreContractTests
{
    protected override async Task<ObjectStoreFixture> CreateFixtureAsync()
    {
        var fixture = new S3Fixture();
        await fixture.Store.EnsureBucketAsync(fixture.Bucket);
        return fixture;
    }

    private sealed class S3Fixture : ObjectStoreFixture
    {
        public override IObjectStore Store { get; } = S3Peer.Store();
    }
}
