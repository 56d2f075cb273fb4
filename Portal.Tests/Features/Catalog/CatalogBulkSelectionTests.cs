using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;

namespace Portal.Tests.Features.Catalog;

/// <summary>
/// Bulk actions on every item matching the filter (Gmail's "select all N"), over a real database:
/// the offer, the count in the confirmation and the preview, and what is changed and audited.
/// </summary>
public sealed class CatalogBulkSelectionTests : CatalogTestContext
{
    /// <summary>More items matching "itm" than a grid page (25) shows, and a few that do not match.</summary>
    private async Task<IRenderedComponent<CatalogPageHost>> RenderFilteredAsync(int matching)
    {
        await SeedAsync(Enumerable.Range(1, matching).Select(n => Item($"ITM-{n:D3}", $"Item {n}", "Misc", 10m))
            .Concat(Enumerable.Range(1, 3).Select(n => Item($"OTH-{n}", $"Other {n}", "Misc", 10m))).ToArray());
        var page = RenderCatalog("ITM-001");
        page.Find("[data-testid=catalog-search]").Input("itm");
        page.WaitForAssertion(() => Assert.Contains($"1-25 of {matching}", page.Markup), Patience);
        return page;
    }

    private static void TickWholePage(IRenderedComponent<CatalogPageHost> page) =>
        page.Find("thead input[type=checkbox]").Change(true);

    private static string BulkCount(IRenderedComponent<CatalogPageHost> page) => page.Find("[data-testid=bulk-count]").TextContent;

    private async Task<List<CatalogItem>> StoredItemsAsync()
    {
        await using var db = Database.NewContext();
        return await db.CatalogItems.AsNoTracking().OrderBy(i => i.Sku).ToListAsync();
    }

    [Fact]
    public async Task Ticking_the_whole_page_offers_every_match_and_deactivate_changes_them_all_after_confirming_the_count()
    {
        var page = await RenderFilteredAsync(30);
        Assert.Empty(page.FindAll("[data-testid=bulk-select-all-matching]"));

        TickWholePage(page);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("25 selected", BulkCount(page));
            Assert.Equal("Select all 30 items matching this filter", page.Find("[data-testid=bulk-select-all-matching]").TextContent.Trim());
        }, Patience);

        page.Find("[data-testid=bulk-select-all-matching]").Click();
        page.WaitForAssertion(() => Assert.Equal("All 30 matching items selected", BulkCount(page)), Patience);
        Assert.Empty(page.FindAll("[data-testid=bulk-select-all-matching]"));

        // Cancelling the confirmation changes nothing.
        page.Find("[data-testid=bulk-deactivate]").Click();
        page.WaitForAssertion(() => DialogButton(page, "Cancel").Click(), Patience);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")), Patience);
        Assert.All(await StoredItemsAsync(), i => Assert.True(i.IsActive));

        page.Find("[data-testid=bulk-deactivate]").Click();
        page.WaitForAssertion(() =>
        {
            var dialog = page.Find(".mud-dialog").TextContent;
            Assert.Contains("Deactivate 30 items?", dialog);
            Assert.Contains("30 items, not only the 25 on this page", dialog);
        }, Patience);
        DialogButton(page, "Deactivate 30 items").Click();

        page.WaitForAssertion(() => Assert.Contains("30 items deactivated.", page.Markup), Patience);
        var stored = await StoredItemsAsync();
        Assert.All(stored.Where(i => i.Sku.StartsWith("ITM-")), i => Assert.False(i.IsActive, $"{i.Sku} is still active"));
        Assert.All(stored.Where(i => i.Sku.StartsWith("OTH-")), i => Assert.True(i.IsActive, $"{i.Sku} was deactivated"));
        await using var db = Database.NewContext();
        var audited = await db.AuditEntries.Where(a => a.Action == "Deactivated" && a.UserName == SalesUser).Select(a => a.EntityId).ToListAsync();
        Assert.Equal(stored.Where(i => i.Sku.StartsWith("ITM-")).Select(i => i.Id.ToString()).Order(), audited.Order());
    }

    [Fact]
    public async Task Unticking_a_row_narrows_the_selection_back_to_the_ticked_rows()
    {
        var page = await RenderFilteredAsync(30);
        TickWholePage(page);
        page.WaitForElement("[data-testid=bulk-select-all-matching]", Patience).Click();
        page.WaitForAssertion(() => Assert.Equal("All 30 matching items selected", BulkCount(page)), Patience);

        page.Find("[data-testid=price-ITM-003]").Closest("tr")!.QuerySelector("input[type=checkbox]")!.Change(false);
        page.WaitForAssertion(() => Assert.Equal("24 selected", BulkCount(page)), Patience);

        page.Find("[data-testid=bulk-deactivate]").Click(); // rows in view: no confirmation
        page.WaitForAssertion(() => Assert.Contains("24 items deactivated.", page.Markup), Patience);
        var inactive = (await StoredItemsAsync()).Where(i => !i.IsActive).Select(i => i.Sku).ToList();
        Assert.Equal(Enumerable.Range(1, 25).Where(n => n != 3).Select(n => $"ITM-{n:D3}"), inactive);
    }

    [Fact]
    public async Task Price_change_on_every_match_previews_the_real_count_with_examples_and_applies_to_all()
    {
        var page = await RenderFilteredAsync(130);
        TickWholePage(page);
        page.WaitForElement("[data-testid=bulk-select-all-matching]", Patience).Click();
        page.WaitForAssertion(() => Assert.Equal("All 130 matching items selected", BulkCount(page)), Patience);

        page.Find("[data-testid=bulk-price]").Click();
        page.WaitForAssertion(() => Assert.Equal("Change the price of all 130 items matching the filter", page.Find("[data-testid=price-title]").TextContent), Patience);
        page.Find("[data-testid=price-percent]").Input("10");
        page.WaitForAssertion(() =>
        {
            Assert.Equal("130 items: 130 prices change. The first 100 by SKU:", page.Find("[data-testid=price-summary]").TextContent);
            var lines = page.FindAll("[data-testid=price-line]");
            Assert.Equal(100, lines.Count);
            Assert.Equal(("ITM-001", "10.00 EUR", "11.00 EUR"), (lines[0].GetAttribute("data-sku"),
                lines[0].QuerySelector("[data-testid=price-old]")!.TextContent, lines[0].QuerySelector("[data-testid=price-new]")!.TextContent));
            Assert.Equal("Apply to 130 items", page.Find("[data-testid=price-apply]").TextContent.Trim());
        }, Patience);

        page.Find("[data-testid=price-apply]").Click();

        page.WaitForAssertion(() => Assert.Contains("130 prices changed by +10 %.", page.Markup), Patience);
        var stored = await StoredItemsAsync();
        Assert.All(stored.Where(i => i.Sku.StartsWith("ITM-")), i => Assert.Equal(11.00m, i.Price));
        Assert.All(stored.Where(i => i.Sku.StartsWith("OTH-")), i => Assert.Equal(10.00m, i.Price));
        page.WaitForAssertion(() => Assert.Equal("11.00", page.Find("[data-testid=price-ITM-001]").GetAttribute("value")), Patience);
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<CatalogPageHost> page, string text) =>
        page.FindAll(".mud-dialog .mud-dialog-actions button").Single(b => b.TextContent.Trim().Equals(text, StringComparison.OrdinalIgnoreCase));
}
