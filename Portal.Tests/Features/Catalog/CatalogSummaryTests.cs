using Bunit;
using Portal.Engine.Catalog;
using Portal.Features.Catalog;

namespace Portal.Tests.Features.Catalog;

/// <summary>The overview at the top of the catalog page (ported from the former landing page's test), now kept live.</summary>
public sealed class CatalogSummaryTests : CatalogTestContext
{
    [Fact]
    public void Empty_catalog_counts_nothing()
    {
        var summary = Render<CatalogSummary>();
        summary.WaitForAssertion(() => Assert.Equal("0", summary.Find("[data-testid=stat-items] h5").TextContent), Patience);
        Assert.Contains("the catalog is empty", summary.Markup);
    }

    [Fact]
    public async Task Counts_current_items_apart_from_archived_ones_and_follows_changes()
    {
        await SeedAsync(
            Item("PRT-1", "Poster", "Prints", 9.99m, stock: 0),
            Item("PRT-2", "Canvas", "Prints", 29.99m, stock: 4, active: false),
            Item("FRM-1", "Frame", "Frames", 19.99m, stock: 2),
            new CatalogItem { Sku = "OLD-1", Name = "Old", Category = "Frames", Price = 1m, WeightGrams = 1, ArchivedAt = DateTime.UtcNow });

        var summary = Render<CatalogSummary>();

        summary.WaitForAssertion(() => Assert.Equal("3", summary.Find("[data-testid=stat-items] h5").TextContent), Patience);
        Assert.Equal("2", summary.Find("[data-testid=stat-active] h5").TextContent);
        Assert.Equal("1", summary.Find("[data-testid=stat-out-of-stock] h5").TextContent);
        Assert.Equal("1", summary.Find("[data-testid=stat-archived] h5").TextContent);
        Assert.Contains("in 2 categories", summary.Markup);

        var frame = await StoredAsync("FRM-1");
        await OtherUser.ArchiveAsync(frame.Id, frame.Version, OtherUserName);
        Announce(frame.Id);

        summary.WaitForAssertion(() =>
        {
            Assert.Equal("2", summary.Find("[data-testid=stat-items] h5").TextContent);
            Assert.Equal("2", summary.Find("[data-testid=stat-archived] h5").TextContent);
        }, Patience);
    }
}
