using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Messaging.Live;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Live.LiveTesting;

namespace Portal.Tests.Features.Images;

/// <summary>
/// Two instances over one database and one object store, as behind the load balancer: a photo removed or replaced
/// through one instance stops being answered from the other's fast lane once the change's notification (outbox, relay,
/// event log, live feed) reaches it, long before the lane's trust time (set to five minutes here) would run out.
/// </summary>
public sealed class CatalogFastLaneAcrossInstancesTests : IDisposable
{
    private readonly PortalAppFactory _first = new(new Dictionary<string, string?> { ["Imaging:Handler:FastLaneSourceSeconds"] = "300" });
    private readonly PortalAppFactory _second;

    public CatalogFastLaneAcrossInstancesTests() => _second = new PortalAppFactory(new Dictionary<string, string?>
    {
        ["Database:DataDirectory"] = _first.DataDirectory,
        ["ObjectStore:RootDirectory"] = Path.Combine(_first.DataDirectory, "objects"),
        ["Imaging:Handler:FastLaneSourceSeconds"] = "300",
    });

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }

    private async Task<(CatalogService Catalog, IServiceScope Scope, CatalogItem Item)> ItemAsync()
    {
        var scope = _first.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var item = (await catalog.ListAsync(new CatalogQuery())).First();
        return (catalog, scope, item);
    }

    private static MemoryStream Jpeg(int width) => new(TestImages.Jpeg(TestImages.Photo(width, 300)));

    private async Task<string> PhotoUrlAsync(CatalogService catalog, int itemId)
    {
        var item = await catalog.FindAsync(itemId);
        return CatalogPhotos.Url(item!.PhotoKey, CatalogPhotos.PhotoSize, CatalogPhotos.PhotoSize)!;
    }

    /// <summary>Waits until the second instance's catalog feed (what its grids and its fast lane hear) names the item.</summary>
    private async Task HeardOnSecondAsync(ConcurrentQueue<CatalogChanged> heard, int itemId) =>
        await UntilAsync("the second instance hears the item's change", () => heard.Any(c => c.ItemIds.Contains(itemId)));

    [Fact]
    public async Task A_photo_removed_or_replaced_on_one_instance_leaves_the_other_instances_fast_lane_once_the_notification_arrives()
    {
        await _first.Services.GetRequiredService<LiveEventFeed>().Listening.WaitAsync(Patience);
        await _second.Services.GetRequiredService<LiveEventFeed>().Listening.WaitAsync(Patience);
        var (catalog, scope, item) = await ItemAsync();
        using var owned = scope;
        var second = SignedInClient.Anonymous(_second);

        Assert.True((await catalog.SetPhotoAsync(item.Id, null, Jpeg(400), "first.jpg", "sam@portal.local")).Succeeded);
        var url = await PhotoUrlAsync(catalog, item.Id);
        var heard = new ConcurrentQueue<CatalogChanged>();
        _second.Services.GetRequiredService<CatalogChangeFeed>().Changed += heard.Enqueue;
        await HeardOnSecondAsync(heard, item.Id); // the upload's own notification, before the lane learns the photo
        heard.Clear();
        foreach (var _ in Enumerable.Range(0, 3)) Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(url)).StatusCode);

        // Replaced: a new key, and the old photo deleted.
        Assert.True((await catalog.SetPhotoAsync(item.Id, null, Jpeg(200), "second.jpg", "sam@portal.local")).Succeeded);
        await HeardOnSecondAsync(heard, item.Id);
        heard.Clear();
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync(url)).StatusCode);

        url = await PhotoUrlAsync(catalog, item.Id);
        foreach (var _ in Enumerable.Range(0, 3)) Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(url)).StatusCode);
        Assert.True((await catalog.RemovePhotoAsync(item.Id, null, "sam@portal.local")).Succeeded);
        await HeardOnSecondAsync(heard, item.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync(url)).StatusCode);
    }
}
