using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Images.Processing;
using Portal.Engine.Imaging;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Images;

/// <summary>
/// The image library and the image worker's handler on one provider, over a folder object store: uploads go in through
/// <see cref="ImageLibrary"/>, the handler is invoked directly with batches built from the real outbox rows.
/// </summary>
public abstract class ImageWorkerSuite(string provider) : ProviderSuite(provider)
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-image-worker-tests-" + Guid.NewGuid().ToString("N"));
    protected readonly string Alice = Guid.NewGuid().ToString(), Bob = Guid.NewGuid().ToString();
    protected ImageLibrary Library { get; private set; } = default!;
    protected ImageProcessingHandler Handler { get; private set; } = default!;
    protected CustomerImageSpaces Spaces { get; private set; } = default!;
    protected TestDatabase Database { get; private set; } = default!;

    /// <summary>Reads of keys containing this fail as an unreachable store's would (null: none fail).</summary>
    protected string? FailReadsOf { get; set; }

    /// <summary>The object store under the image spaces: a folder store in <paramref name="root"/> unless a provider test says otherwise.</summary>
    protected virtual IObjectStore CreateStore(string root) => new FileSystemObjectStore(root);

    protected async Task ArrangeAsync()
    {
        Database = await DatabaseAsync();
        await using (var db = Database.NewContext())
        {
            foreach (var id in new[] { Alice, Bob })
                db.Users.Add(new PortalUser { Id = id, UserName = $"{id}@example.com", Email = $"{id}@example.com", DisplayName = "Customer" });
            await db.SaveChangesAsync();
        }
        Spaces = new CustomerImageSpaces(new ReadFailingStore(CreateStore(_root), () => FailReadsOf), Options.Create(new ObjectStoreOptions()));
        var processor = new ImageProcessor(new ImagingOptions());
        var factory = new TestDbContextFactory(Database);
        Library = new ImageLibrary(factory, Spaces, processor, Options.Create(new ImagingOptions()), TimeProvider.System);
        Handler = new ImageProcessingHandler(factory, Spaces, processor, Options.Create(new ImageProcessingOptions()), TimeProvider.System,
            NullLogger<ImageProcessingHandler>.Instance);
    }

    protected async Task<ImageAsset> UploadAsync(byte[] bytes, string owner, string name = "photo.jpg")
    {
        var result = await Library.UploadAsync(owner, name, new MemoryStream(bytes));
        Assert.True(result.Succeeded, result.Error);
        return result.Image!;
    }

    /// <summary>Invokes the handler with every images event in the outbox after <paramref name="after"/>, as the worker would.</summary>
    protected async Task<BatchResponse> HandleOutboxAsync(long after = 0)
    {
        await using var db = Database.NewContext();
        return await Handler.HandleAsync(await OutboxBatches.ImagesAsync(db, after), CancellationToken.None);
    }

    protected async Task<ImageAsset> StoredAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return await db.Images.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    protected async Task<List<OutboxMessage>> OutboxAsync(long after = 0)
    {
        await using var db = Database.NewContext();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.Sequence > after).OrderBy(m => m.Sequence).ToListAsync();
    }

    protected async Task<long> LastSequenceAsync()
    {
        await using var db = Database.NewContext();
        return await OutboxBatches.LastSequenceAsync(db);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A folder store whose reads of some keys fail (as S3 unreachable would); everything else goes through.</summary>
    private sealed class ReadFailingStore(IObjectStore inner, Func<string?> failing) : IObjectStore
    {
        public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.EnsureBucketAsync(bucket, cancellationToken);

        public Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
            CancellationToken cancellationToken = default) => inner.PutAsync(bucket, key, content, contentType, metadata, cancellationToken);

        public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
            failing() is { } part && key.Contains(part, StringComparison.Ordinal) ? throw new IOException("the store is unavailable")
                : inner.GetAsync(bucket, key, cancellationToken);

        public Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.HeadAsync(bucket, key, cancellationToken);

        public Task<ObjectListing> ListAsync(string bucket, string prefix, int pageSize = 1000, string? continuationToken = null,
            CancellationToken cancellationToken = default) => inner.ListAsync(bucket, prefix, pageSize, continuationToken, cancellationToken);

        public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(bucket, key, cancellationToken);

        public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.DeleteBucketAsync(bucket, cancellationToken);
    }
}
