using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Storage;

public sealed class FileSystemObjectStoreTests : ObjectStoreContractTests
{
    protected override async Task<ObjectStoreFixture> CreateFixtureAsync()
    {
        var fixture = new FileSystemFixture();
        await fixture.Store.EnsureBucketAsync(fixture.Bucket);
        return fixture;
    }

    private sealed class FileSystemFixture : ObjectStoreFixture
    {
        private readonly string _parent = Directory.CreateTempSubdirectory("portal-objects-").FullName;
        private readonly FileSystemObjectStore _store;

        public FileSystemFixture() => _store = new FileSystemObjectStore(Path.Combine(_parent, "root"));

        public override IObjectStore Store => _store;

        public override void AssertNothingOutsideTheStore() =>
            Assert.Equal([Path.Combine(_parent, "root")], Directory.EnumerateFileSystemEntries(_parent));

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(_parent, recursive: true);
        }
    }
}
