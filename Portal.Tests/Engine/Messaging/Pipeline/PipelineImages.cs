using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Images.Processing;
using Portal.Engine.Imaging;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Pipeline;

/// <summary>Customers' uploads for the pipeline tests: the image library and the image worker's handler over a folder store.</summary>
public sealed class PipelineImages : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-pipeline-images-" + Guid.NewGuid().ToString("N"));
    private readonly TestDatabase _database;

    public PipelineImages(TestDatabase database)
    {
        _database = database;
        var spaces = new CustomerImageSpaces(new FileSystemObjectStore(_root), Options.Create(new ObjectStoreOptions()));
        var processor = new ImageProcessor(new ImagingOptions());
        var factory = new TestDbContextFactory(database);
        Library = new ImageLibrary(factory, spaces, processor, Options.Create(new ImagingOptions()), TimeProvider.System);
        Handler = new ImageProcessingHandler(factory, spaces, processor, Options.Create(new ImageProcessingOptions()), TimeProvider.System,
            NullLogger<ImageProcessingHandler>.Instance);
    }

    public ImageLibrary Library { get; }
    public ImageProcessingHandler Handler { get; }

    public async Task<List<string>> CustomersAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        await using var db = _database.NewContext();
        foreach (var id in ids)
            db.Users.Add(new PortalUser { Id = id, UserName = $"{id}@example.com", Email = $"{id}@example.com", DisplayName = "Customer" });
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>A photo of its own size per upload, so each is a different image.</summary>
    public async Task<UploadResult> UploadAsync(string owner, int n) =>
        await Library.UploadAsync(owner, $"photo-{n}.jpg", new MemoryStream(TestImages.Jpeg(TestImages.Photo(40 + n, 30 + n))));

    public async Task<List<ImageAsset>> ImagesAsync()
    {
        await using var db = _database.NewContext();
        return await db.Images.AsNoTracking().ToListAsync();
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
