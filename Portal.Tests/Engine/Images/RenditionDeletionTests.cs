using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Images;

public sealed class SqliteRenditionDeletionTests() : RenditionDeletionTests(DatabaseOptions.Sqlite);

public sealed class PostgresRenditionDeletionTests() : RenditionDeletionTests(DatabaseOptions.Postgres);

/// <summary>Deleting one saved rendition on each provider: its object, what was cached from it and its record; only by its owner.</summary>
public abstract class RenditionDeletionTests(string provider) : ProviderSuite(provider)
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-rendition-tests-" + Guid.NewGuid().ToString("N"));
    private readonly string _alice = Guid.NewGuid().ToString(), _bob = Guid.NewGuid().ToString();
    private readonly ImageProcessor _processor = new(new ImagingOptions());
    private CustomerImageSpaces _spaces = default!;
    private TestDatabase _database = default!;

    private async Task<ImageLibrary> ArrangeAsync()
    {
        _database = await DatabaseAsync();
        await using (var db = _database.NewContext())
        {
            foreach (var id in new[] { _alice, _bob })
                db.Users.Add(new PortalUser { Id = id, UserName = $"{id}@example.com", Email = $"{id}@example.com", DisplayName = "Customer" });
            await db.SaveChangesAsync();
        }
        _spaces = new CustomerImageSpaces(new FileSystemObjectStore(_root), Options.Create(new ObjectStoreOptions()));
        return new ImageLibrary(new TestDbContextFactory(_database), _spaces, _processor, Options.Create(new ImagingOptions()), TimeProvider.System);
    }

    private static async Task<ImageAsset> UploadAsync(ImageLibrary library, string owner)
    {
        using var bitmap = TestImages.Photo(120, 80);
        var result = await library.UploadAsync(owner, "photo.jpg", new MemoryStream(TestImages.Jpeg(bitmap)));
        Assert.True(result.Succeeded, result.Error);
        return result.Image!;
    }

    private async Task<List<string>> KeysAsync(string owner) =>
        (await _spaces.For(owner).ListAsync()).Objects.Select(o => o.Key).Order(StringComparer.Ordinal).ToList();

    private async Task<List<int>> RenditionIdsAsync()
    {
        await using var db = _database.NewContext();
        return await db.ImageRenditions.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
    }

    [SkippableFact]
    public async Task The_owner_deletes_one_rendition_its_object_and_cached_variants_and_the_rest_stay()
    {
        var library = await ArrangeAsync();
        var image = await UploadAsync(library, _alice);
        var gray = (await library.SaveRenditionAsync(_alice, image.Id, new ImageEdits { Grayscale = true }, null, null))!;
        var flipped = (await library.SaveRenditionAsync(_alice, image.Id, new ImageEdits { Flip = true }, null, null))!;
        // What the image handler keeps when someone asks for a thumbnail of the rendition.
        var thumbnail = RenditionCache.KeyFor(new ImageRequest(null, gray.Key, new ImageEdits { Resize = new ResizeEdit(40, 40) }));
        await _spaces.For(_alice).PutAsync(thumbnail, new MemoryStream([1, 2, 3]), "image/jpeg");
        Assert.Equal(new[] { thumbnail, image.OriginalKey, gray.Key, flipped.Key }.Order(StringComparer.Ordinal), await KeysAsync(_alice));

        Assert.True(await library.DeleteRenditionAsync(_alice, image.Id, gray.Id));

        Assert.Equal(new[] { image.OriginalKey, flipped.Key }.Order(StringComparer.Ordinal), await KeysAsync(_alice));
        Assert.Equal([flipped.Id], await RenditionIdsAsync());
        Assert.Equal([flipped.Key], (await library.FindAsync(_alice, image.Id))!.Renditions.Select(r => r.Key));
        Assert.False(await library.DeleteRenditionAsync(_alice, image.Id, gray.Id));
    }

    [SkippableFact]
    public async Task Another_customers_rendition_is_not_found_and_nothing_is_deleted()
    {
        var library = await ArrangeAsync();
        var image = await UploadAsync(library, _alice);
        var rendition = (await library.SaveRenditionAsync(_alice, image.Id, new ImageEdits { Grayscale = true }, null, null))!;
        var bobs = await UploadAsync(library, _bob);
        var keys = await KeysAsync(_alice);

        Assert.False(await library.DeleteRenditionAsync(_bob, image.Id, rendition.Id));
        Assert.False(await library.DeleteRenditionAsync(_bob, bobs.Id, rendition.Id));
        Assert.False(await library.DeleteRenditionAsync(_alice, bobs.Id, rendition.Id));
        Assert.False(await library.DeleteRenditionAsync(_alice, image.Id, rendition.Id + 1000));

        Assert.Equal(keys, await KeysAsync(_alice));
        Assert.Contains(rendition.Key, keys);
        Assert.Equal([rendition.Id], await RenditionIdsAsync());
        Assert.Equal([bobs.OriginalKey], await KeysAsync(_bob));
    }

    public override async Task DisposeAsync()
    {
        _processor.Dispose();
        await base.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
