using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;

namespace Portal.Tests.Features.Catalog;

/// <summary>The catalog grid over a real database: server data, live updates, history, archive (cell edits: CatalogCellEditTests).</summary>
public sealed class CatalogGridTests : CatalogTestContext
{
    private async Task SeedShopAsync() => await SeedAsync(
        Item("PRT-1", "Poster", "Prints", 10.00m),
        Item("PRT-2", "Canvas", "Prints", 29.90m, active: false),
        Item("FRM-1", "Oak Frame", "Frames", 19.99m),
        new CatalogItem { Sku = "OLD-1", Name = "Old Mug", Category = "Home", Price = 4m, WeightGrams = 300, ArchivedAt = DateTime.UtcNow });

    [Fact]
    public async Task Grid_shows_the_current_items_from_the_database_in_sku_order()
    {
        await SeedShopAsync();

        var page = RenderCatalog("PRT-1");

        Assert.Equal(["FRM-1", "PRT-1", "PRT-2"], GridSkus(page));
        Assert.Equal("29.90", page.Find("[data-testid=price-PRT-2]").GetAttribute("value"));
        Assert.Equal("Oak Frame", page.Find("[data-testid=name-FRM-1]").GetAttribute("value"));
        Assert.DoesNotContain("OLD-1", GridSkus(page));
        Assert.Contains("1-3 of 3", page.Markup);
    }

    [Fact]
    public async Task Sorting_by_a_column_header_is_done_by_the_database_and_the_export_follows_it()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        SortHeader(page, "Price").Click();
        page.WaitForAssertion(() => Assert.Equal(["PRT-1", "FRM-1", "PRT-2"], GridSkus(page)), Patience);
        SortHeader(page, "Price").Click();
        page.WaitForAssertion(() => Assert.Equal(["PRT-2", "FRM-1", "PRT-1"], GridSkus(page)), Patience);

        page.WaitForAssertion(() => Assert.Equal("/api/catalog/export?status=Current&sort=Price&desc=true",
            page.Find("[data-testid=catalog-export]").GetAttribute("href")), Patience);
    }

    [Fact]
    public async Task Pages_are_fetched_from_the_database_one_at_a_time()
    {
        await SeedAsync(Enumerable.Range(1, 30).Select(n => Item($"ITM-{n:D2}", $"Item {n}", "Misc", n)).ToArray());
        var page = RenderCatalog("ITM-01");

        Assert.Equal(25, GridSkus(page).Length);
        Assert.Contains("1-25 of 30", page.Markup);
        page.Find("button[aria-label='Next page']").Click();
        page.WaitForAssertion(() => Assert.Equal(["ITM-26", "ITM-27", "ITM-28", "ITM-29", "ITM-30"], GridSkus(page)), Patience);
    }

    [Fact]
    public async Task Search_is_done_by_the_database_and_an_empty_result_offers_to_clear_the_filters()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=catalog-search]").Input("frame");
        page.WaitForAssertion(() => Assert.Equal(["FRM-1"], GridSkus(page)), Patience);
        Assert.Equal("/api/catalog/export?search=frame&status=Current&sort=Sku&desc=false", page.Find("[data-testid=catalog-export]").GetAttribute("href"));

        page.Find("[data-testid=catalog-search]").Input("no such thing");
        page.WaitForAssertion(() => Assert.Contains("No items match", page.Find("[data-testid=grid-empty]").TextContent), Patience);

        page.Find("[data-testid=grid-clear-filters]").Click();
        page.WaitForAssertion(() => Assert.Equal(["FRM-1", "PRT-1", "PRT-2"], GridSkus(page)), Patience);
    }

    [Fact]
    public void Empty_catalog_says_so()
    {
        var page = RenderCatalog();
        page.WaitForAssertion(() => Assert.Contains("The catalog is empty", page.Find("[data-testid=grid-empty]").TextContent), Patience);
    }

    [Fact]
    public async Task Changes_by_someone_else_reload_the_grid_but_not_while_a_cell_is_being_edited()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        var poster = await StoredAsync("PRT-1");

        await OtherUser.UpdateAsync(poster.Id, poster.Version, new CatalogItemPatch { Name = "Poster (new)" }, OtherUserName);
        Announce(poster.Id);
        page.WaitForAssertion(() => Assert.Equal("Poster (new)", page.Find("[data-testid=name-PRT-1]").GetAttribute("value")), Patience);

        // The user is in the stock cell of FRM-1: the next change waits until they leave it.
        var stockCell = page.Find("[data-testid=stock-FRM-1]").Closest(".catalog-cell")!;
        stockCell.FocusIn();
        poster = await StoredAsync("PRT-1");
        await OtherUser.UpdateAsync(poster.Id, poster.Version, new CatalogItemPatch { Price = 11.00m }, OtherUserName);
        Announce(poster.Id);
        page.WaitForElement("[data-testid=grid-pending]", Patience);
        await Task.Delay(300);
        Assert.Equal("10.00", page.Find("[data-testid=price-PRT-1]").GetAttribute("value"));

        page.Find("[data-testid=stock-FRM-1]").Closest(".catalog-cell")!.FocusOut();
        page.WaitForAssertion(() =>
        {
            Assert.Equal("11.00", page.Find("[data-testid=price-PRT-1]").GetAttribute("value"));
            Assert.Empty(page.FindAll("[data-testid=grid-pending]"));
        }, Patience);
    }

    [Fact]
    public async Task History_lists_who_changed_what_and_says_so_when_nothing_was_recorded()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=history-FRM-1]").Click();
        page.WaitForElement("[data-testid=history-empty]", Patience);
        page.Find("[data-testid=history-close]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=history-dialog]")), Patience);

        var price = page.Find("[data-testid=price-PRT-1]");
        price.Input("12.50");
        price.KeyDown(Key.Enter);
        await WaitForStoredAsync("PRT-1", i => i.Price == 12.50m);

        page.Find("[data-testid=history-PRT-1]").Click();
        var entry = page.WaitForElement("[data-testid=history-entry]", Patience);
        Assert.Equal("Updated", entry.QuerySelector("[data-testid=history-action]")!.TextContent);
        Assert.Equal(SalesUser, entry.QuerySelector("[data-testid=history-user]")!.TextContent);
        var change = Assert.Single(entry.QuerySelectorAll("[data-testid=history-change]"));
        Assert.Equal("Price 10.00 EUR → 12.50 EUR", Normalize(change.TextContent));
    }

    [Fact]
    public async Task Archive_asks_first_then_hides_the_item_which_the_archived_view_can_restore()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=archive-PRT-2]").Click();
        page.WaitForAssertion(() => Assert.Contains("Archive PRT-2?", page.Find(".mud-dialog").TextContent), Patience);
        DialogButton(page, "Cancel").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")), Patience);
        Assert.Null((await StoredAsync("PRT-2")).ArchivedAt);

        page.Find("[data-testid=archive-PRT-2]").Click();
        page.WaitForAssertion(() => DialogButton(page, "Archive").Click(), Patience);

        page.WaitForAssertion(() => Assert.Equal(["FRM-1", "PRT-1"], GridSkus(page)), Patience);
        Assert.NotNull((await StoredAsync("PRT-2")).ArchivedAt);

        // The archived view shows it, read-only, with a restore button.
        var status = page.FindComponent<MudBlazor.MudSelect<CatalogStatusFilter>>();
        await page.InvokeAsync(() => status.Instance.SelectOption(CatalogStatusFilter.Archived));
        page.WaitForAssertion(() => Assert.Equal(["OLD-1", "PRT-2"], GridSkus(page)), Patience);
        Assert.Equal(2, page.FindAll("[data-testid=archived-chip]").Count);
        // Marked by a tinted row, not faded: opacity would lower the contrast of its text and restore button.
        Assert.All(page.FindAll("tr.catalog-row"), row =>
        {
            Assert.Contains("catalog-row-archived", row.ClassName);
            Assert.DoesNotContain("opacity", row.GetAttribute("style") ?? "");
        });
        Assert.Empty(page.FindAll("[data-testid=price-PRT-2]"));

        page.Find("[data-testid=restore-PRT-2]").Click();
        page.WaitForAssertion(() => Assert.Equal(["OLD-1"], GridSkus(page)), Patience);
        Assert.Null((await StoredAsync("PRT-2")).ArchivedAt);
    }

    [Fact]
    public async Task A_failing_database_is_reported_above_the_grid_and_can_be_retried()
    {
        await SeedShopAsync();
        await SetCatalogTableAvailableAsync(false);

        var page = RenderCatalog();
        page.WaitForAssertion(() => Assert.Contains("The catalog could not be loaded.", page.Find("[data-testid=grid-error]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=grid-empty]")); // not mistaken for an empty catalog

        await SetCatalogTableAvailableAsync(true);
        page.Find("[data-testid=grid-retry]").Click();
        page.WaitForAssertion(() =>
        {
            Assert.Equal(["FRM-1", "PRT-1", "PRT-2"], GridSkus(page));
            Assert.Empty(page.FindAll("[data-testid=grid-error]"));
        }, Patience);
    }

    private static AngleSharp.Dom.IElement SortHeader(IRenderedComponent<CatalogPageHost> page, string title) =>
        page.FindAll("th .sortable-column-header").Single(h => h.TextContent.Trim() == title);

    /// <summary>Takes the catalog table away (or brings it back), so every catalog query fails meanwhile.</summary>
    private async Task SetCatalogTableAvailableAsync(bool available)
    {
        await using var db = Database.NewContext();
        if (available) await db.Database.ExecuteSqlRawAsync("ALTER TABLE catalog_items_away RENAME TO catalog_items");
        else await db.Database.ExecuteSqlRawAsync("ALTER TABLE catalog_items RENAME TO catalog_items_away");
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<CatalogPageHost> page, string text) =>
        page.FindAll(".mud-dialog .mud-dialog-actions button").Single(b => b.TextContent.Trim().Equals(text, StringComparison.OrdinalIgnoreCase));

    private async Task<CatalogItem> WaitForStoredAsync(string sku, Func<CatalogItem, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var item = await StoredAsync(sku);
            if (condition(item)) return item;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{sku} never reached the expected state; it is {item.Name} at {item.Price} (version {item.Version}).");
            await Task.Delay(25);
        }
    }

    private static string Normalize(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
