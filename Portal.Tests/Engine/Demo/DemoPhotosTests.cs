using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Tests.Infrastructure;
using SkiaSharp;

namespace Portal.Tests.Engine.Demo;

/// <summary>
/// A fresh demo shop gets its composed photos in the background after start-up, stored as product photos
/// and served by <c>/catalog-img</c>; photos Sales removed and items Sales added are left alone.
/// </summary>
public sealed class DemoPhotosTests : IDisposable
{
    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?> { ["Demo:Photos"] = "true" });

    private async Task<List<CatalogItem>> ItemsAfterTheFillAsync()
    {
        _ = _factory.Server; // starts the app
        await _factory.Services.GetRequiredService<DemoPhotoBackfill>().Completion.WaitAsync(TimeSpan.FromSeconds(60));
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.CatalogItems.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
    }

    [Fact]
    public async Task Every_demo_item_gets_a_photo_that_the_public_image_handler_serves()
    {
        var items = await ItemsAfterTheFillAsync();

        Assert.Equal(24, items.Count);
        Assert.All(items, i => Assert.Matches($"^products/{i.Id}-[0-9a-f]{{32}}\\.jpg$", i.PhotoKey));
        Assert.All(items, i => Assert.Equal(0, i.Version)); // a seeded item with its photo, not an edit that conflicts with open grids

        var anonymous = SignedInClient.Anonymous(_factory);
        var response = await anonymous.GetAsync(CatalogPhotos.Url(items[0].PhotoKey, CatalogPhotos.PhotoSize, CatalogPhotos.PhotoSize));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var photo = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((300, 300), (photo.Width, photo.Height));
        var thumbnail = await anonymous.GetAsync(CatalogPhotos.Url(items[0].PhotoKey, CatalogPhotos.ThumbnailSize, CatalogPhotos.ThumbnailSize));
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
    }

    [Fact]
    public async Task A_photo_sales_removed_is_not_put_back_and_items_sales_added_get_none()
    {
        var items = await ItemsAfterTheFillAsync();
        using var scope = _factory.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var removed = await catalog.RemovePhotoAsync(items[3].Id, items[3].Version, "sales@portal.local");
        Assert.True(removed.Succeeded);
        var added = await catalog.CreateAsync(new CatalogItemFields { Sku = "NEW-1", Name = "New poster", Category = "Prints", Price = 5m, WeightGrams = 100, Stock = 1 }, "sales@portal.local");
        Assert.True(added.Succeeded);

        // As on the next start: the fill runs again.
        Assert.Equal(0, await _factory.Services.GetRequiredService<DemoPhotos>().FillAsync());

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Null((await db.CatalogItems.SingleAsync(i => i.Id == items[3].Id)).PhotoKey);
        Assert.Null((await db.CatalogItems.SingleAsync(i => i.Sku == "NEW-1")).PhotoKey);
        Assert.Equal(23, await db.CatalogItems.CountAsync(i => i.PhotoKey != null));
    }

    [Fact]
    public async Task Photos_switched_off_leave_the_items_without_photos()
    {
        using var factory = new PortalAppFactory();
        _ = factory.Server;
        await factory.Services.GetRequiredService<DemoPhotoBackfill>().Completion.WaitAsync(TimeSpan.FromSeconds(60));

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.CatalogItems.AnyAsync(i => i.PhotoKey != null));
    }

    public void Dispose() => _factory.Dispose();
}
