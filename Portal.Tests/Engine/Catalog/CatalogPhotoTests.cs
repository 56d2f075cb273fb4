using System.Text;
using Microsoft.Extensions.Options;
using Portal.Engine.Auditing;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Catalog;

public sealed class SqliteCatalogPhotoTests() : CatalogPhotoTests(DatabaseOptions.Sqlite);

public sealed class PostgresCatalogPhotoTests() : CatalogPhotoTests(DatabaseOptions.Postgres);

/// <summary>Product photos on each provider: checked like customer uploads, stored in the catalog space, old objects deleted, audited.</summary>
public abstract class CatalogPhotoTests(string provider) : ProviderSuite(provider)
{
    private const long MaxBytes = 200_000;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-photo-tests-" + Guid.NewGuid().ToString("N"));
    private CustomerImageSpace _space = default!;

    private async Task<CatalogService> ArrangeAsync()
    {
        var database = await DatabaseAsync();
        var spaces = new CustomerImageSpaces(new FileSystemObjectStore(_root), Options.Create(new ObjectStoreOptions()));
        _space = spaces.For(CatalogPhotos.Space);
        var photos = new CatalogPhotos(spaces, new ImageProcessor(new ImagingOptions { MaxInputBytes = MaxBytes }));
        return new CatalogService(new TestDbContextFactory(database), TimeProvider.System, photos);
    }

    private static async Task<CatalogItem> CreateAsync(CatalogService catalog, string sku) =>
        (await catalog.CreateAsync(new CatalogItemFields { Sku = sku, Name = $"Item {sku}", Category = "Prints", Price = 10m, WeightGrams = 100, Stock = 3 }, "sales")).Item!;

    private static MemoryStream Jpeg(int width = 64, int height = 48)
    {
        using var bitmap = TestImages.Photo(width, height);
        return new MemoryStream(TestImages.Jpeg(bitmap));
    }

    private async Task<List<string>> StoredKeysAsync() =>
        (await _space.ListAsync("products/")).Objects.Select(o => o.Key).ToList();

    [SkippableFact]
    public async Task Setting_a_photo_stores_the_object_under_the_item_and_records_key_version_audit_and_change()
    {
        var catalog = await ArrangeAsync();
        var item = await CreateAsync(catalog, "PH-1");
        var announced = (await OutboxEvents.ChangedItemsAsync(await DatabaseAsync())).Count;

        var result = await catalog.SetPhotoAsync(item.Id, item.Version, Jpeg(), "lamp.jpg", "sales");

        Assert.Equal(CatalogOutcome.Ok, result.Outcome);
        var key = result.Item!.PhotoKey!;
        Assert.Matches($"^products/{item.Id}-[0-9a-f]{{32}}\\.jpg$", key);
        Assert.Equal([key], await StoredKeysAsync());
        await using (var stored = await _space.GetAsync(key))
        {
            using var bytes = new MemoryStream();
            await stored!.Content.CopyToAsync(bytes);
            Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 64, 48), ImageHeader.Read(bytes.ToArray()));
            Assert.Equal("image/jpeg", stored.Info.ContentType);
        }
        var found = await catalog.FindAsync(item.Id);
        Assert.Equal(key, found!.PhotoKey);
        Assert.Equal(item.Version + 1, found.Version);
        var history = await catalog.HistoryAsync(item.Id);
        var entry = Assert.Single(history, e => e.Action == "Photo changed");
        Assert.Equal("sales", entry.UserName);
        Assert.Contains(AuditTrail.Changes(entry), c => c.After is { } after && after.Contains(key));
        Assert.Equal([item.Id], (await OutboxEvents.ChangedItemsAsync(await DatabaseAsync())).Skip(announced));
    }

    [SkippableFact]
    public async Task Replacing_the_photo_deletes_the_previous_object()
    {
        var catalog = await ArrangeAsync();
        var item = await CreateAsync(catalog, "PH-2");
        var first = (await catalog.SetPhotoAsync(item.Id, null, Jpeg(), "a.jpg", "sales")).Item!;
        using var png = new MemoryStream(TestImages.Png(TestImages.Photo(40, 40)));

        var second = await catalog.SetPhotoAsync(item.Id, first.Version, png, "b.png", "sales");

        Assert.True(second.Succeeded);
        Assert.NotEqual(first.PhotoKey, second.Item!.PhotoKey);
        Assert.EndsWith(".png", second.Item.PhotoKey);
        Assert.Equal([second.Item.PhotoKey!], await StoredKeysAsync());
        Assert.False(await _space.ExistsAsync(first.PhotoKey!));
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "svg", "SVG" },
        { "empty", "empty" },
        { "truncated", "truncated" },
        { "too large", "200,000 bytes" },
        { "text", "no accepted image format" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_files_are_refused_at_the_photo_field_and_nothing_is_stored_or_changed(string kind, string message)
    {
        var catalog = await ArrangeAsync();
        var item = await CreateAsync(catalog, "PH-3");
        var jpeg = Jpeg(320, 240).ToArray();
        byte[] bytes = kind switch
        {
            "svg" => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"),
            "empty" => [],
            "truncated" => jpeg[..(jpeg.Length / 2)],
            "too large" => new byte[MaxBytes + 1],
            _ => Encoding.UTF8.GetBytes("just some text, not an image"),
        };
        var announced = (await OutboxEvents.ChangedItemsAsync(await DatabaseAsync())).Count;

        var result = await catalog.SetPhotoAsync(item.Id, item.Version, new MemoryStream(bytes), "bad", "sales");

        Assert.Equal(CatalogOutcome.Invalid, result.Outcome);
        var error = Assert.Single(Assert.Single(result.Errors!, e => e.Key == CatalogPhotos.PhotoField).Value);
        Assert.Contains(message, error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await StoredKeysAsync());
        var stored = await catalog.FindAsync(item.Id);
        Assert.Equal((null, item.Version), (stored!.PhotoKey, stored.Version));
        Assert.DoesNotContain(await catalog.HistoryAsync(item.Id), e => e.Action.StartsWith("Photo"));
        Assert.Empty((await OutboxEvents.ChangedItemsAsync(await DatabaseAsync())).Skip(announced));
    }

    [SkippableFact]
    public async Task Removing_the_photo_deletes_the_object_and_its_cached_renditions_and_is_audited()
    {
        var catalog = await ArrangeAsync();
        var item = await CreateAsync(catalog, "PH-4");
        var withPhoto = (await catalog.SetPhotoAsync(item.Id, null, Jpeg(), "a.jpg", "sales")).Item!;
        var cached = $"cache/{withPhoto.PhotoKey}/abc.webp";
        await _space.PutAsync(cached, new MemoryStream([1, 2, 3]), "image/webp");

        var result = await catalog.RemovePhotoAsync(item.Id, withPhoto.Version, "sales");

        Assert.True(result.Succeeded);
        Assert.Null(result.Item!.PhotoKey);
        Assert.Equal(withPhoto.Version + 1, result.Item.Version);
        Assert.Empty(await StoredKeysAsync());
        Assert.False(await _space.ExistsAsync(cached));
        Assert.Null((await catalog.FindAsync(item.Id))!.PhotoKey);
        Assert.Contains(await catalog.HistoryAsync(item.Id), e => e.Action == "Photo removed" && e.UserName == "sales");
    }

    [SkippableFact]
    public async Task A_stale_version_is_a_conflict_and_leaves_no_object_behind()
    {
        var catalog = await ArrangeAsync();
        var item = await CreateAsync(catalog, "PH-5");
        var renamed = (await catalog.UpdateAsync(item.Id, item.Version, new CatalogItemPatch { Name = "Renamed" }, "other")).Item!;

        var result = await catalog.SetPhotoAsync(item.Id, item.Version, Jpeg(), "a.jpg", "sales");
        var removal = await catalog.RemovePhotoAsync(item.Id, item.Version, "sales");

        Assert.Equal(CatalogOutcome.Conflict, result.Outcome);
        Assert.Equal(renamed.Version, result.Item!.Version);
        Assert.Equal(CatalogOutcome.Conflict, removal.Outcome);
        Assert.Empty(await StoredKeysAsync());
        Assert.Equal(CatalogOutcome.NotFound, (await catalog.SetPhotoAsync(999_999, null, Jpeg(), "a.jpg", "sales")).Outcome);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
