using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;

namespace Portal.Tests.Features.Catalog;

/// <summary>The catalog page's dialogs over a real database: new item, bulk price change (CSV import: CatalogImportDialogTests).</summary>
public sealed class CatalogDialogTests : CatalogTestContext
{
    private Task SeedShopAsync() => SeedAsync(
        Item("PRT-1", "Poster", "Prints", 10.00m),
        Item("PRT-2", "Canvas", "Prints", 29.90m),
        Item("FRM-1", "Oak Frame", "Frames", 19.99m));

    private async Task<int> CountAsync()
    {
        await using var db = Database.NewContext();
        return await db.CatalogItems.CountAsync();
    }

    // ---- New item -------------------------------------------------------------------------------

    [Fact]
    public async Task New_item_dialog_shows_each_problem_at_its_field_and_creates_nothing()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=catalog-new]").Click();
        page.WaitForElement("[data-testid=item-dialog]", Patience);
        page.Find("[data-testid=item-sku]").Change("bad sku");
        page.Find("[data-testid=item-price]").Change("1.999");
        page.Find("[data-testid=item-weight]").Change("0");
        page.Find("[data-testid=item-save]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.StartsWith("SKU is upper-case letters and digits", FieldMessage(page, "item-sku"));
            Assert.Equal("Name is required.", FieldMessage(page, "item-name"));
            Assert.Equal("Category is required.", FieldMessage(page, "item-category"));
            Assert.Equal("Price has at most two decimals.", FieldMessage(page, "item-price"));
            Assert.Equal("Weight must be more than 0 grams.", FieldMessage(page, "item-weight"));
            Assert.Equal("", FieldMessage(page, "item-stock"));
        }, Patience);
        Assert.Equal(3, await CountAsync());

        // Fixing a field clears its message.
        page.Find("[data-testid=item-name]").Change("Wall Poster");
        page.WaitForAssertion(() => Assert.Equal("", FieldMessage(page, "item-name")), Patience);
    }

    [Fact]
    public async Task New_item_with_a_sku_already_in_use_shows_the_services_message_at_the_sku_field()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=catalog-new]").Click();
        page.WaitForElement("[data-testid=item-dialog]", Patience);
        FillNewItem(page, sku: "prt-1");
        page.Find("[data-testid=item-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("SKU PRT-1 is already used by another item.", FieldMessage(page, "item-sku")), Patience);
        Assert.Single(page.FindAll("[data-testid=item-dialog]"));
        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task New_valid_item_is_created_and_shown_in_the_grid()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=catalog-new]").Click();
        page.WaitForElement("[data-testid=item-dialog]", Patience);
        FillNewItem(page, sku: "prt-9");
        page.Find("[data-testid=item-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("PRT-9", GridSkus(page)), Patience);
        var created = await StoredAsync("PRT-9");
        Assert.Equal(("Wall Poster", "Prints", 12.50m, 180, 7), (created.Name, created.Category, created.Price, created.WeightGrams, created.Stock));
        Assert.Empty(page.FindAll("[data-testid=item-dialog]"));
    }

    [Fact]
    public async Task New_item_with_control_characters_shows_the_message_at_the_field_and_creates_nothing()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=catalog-new]").Click();
        page.WaitForElement("[data-testid=item-dialog]", Patience);
        FillNewItem(page, sku: "PRT-8");
        page.Find("[data-testid=item-name]").Change("Wall\u0000Poster");
        page.Find("[data-testid=item-description]").Change("Oak frame.\nMatt print.\u001B[0m");
        page.Find("[data-testid=item-save]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Name contains a control character (U+0000, character 5); remove it, and any line breaks or tabs.", FieldMessage(page, "item-name"));
            Assert.Equal("Description contains a control character (U+001B, character 23); only line breaks and tabs are allowed.", FieldMessage(page, "item-description"));
        }, Patience);
        Assert.Equal(3, await CountAsync());

        // A description with line breaks and tabs is fine.
        page.Find("[data-testid=item-name]").Change("Wall Poster");
        page.Find("[data-testid=item-description]").Change("Oak frame.\nMatt print,\t30 x 40 cm.");
        page.Find("[data-testid=item-save]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=item-dialog]")), Patience);
        Assert.Equal("Oak frame.\nMatt print,\t30 x 40 cm.", (await StoredAsync("PRT-8")).Description);
    }

    private static void FillNewItem(IRenderedComponent<CatalogPageHost> page, string sku)
    {
        page.Find("[data-testid=item-sku]").Change(sku);
        page.Find("[data-testid=item-name]").Change("Wall Poster");
        page.Find("[data-testid=item-category]").Change("Prints");
        page.Find("[data-testid=item-price]").Change("12.50");
        page.Find("[data-testid=item-weight]").Change("180");
        page.Find("[data-testid=item-stock]").Change("7");
    }

    // ---- Bulk price change ----------------------------------------------------------------------

    [Fact]
    public async Task Bulk_price_change_previews_old_and_new_prices_refuses_a_bad_percentage_and_applies()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        SelectRows(page, "PRT-1", "FRM-1");
        page.WaitForAssertion(() => Assert.Equal("2 selected", page.Find("[data-testid=bulk-count]").TextContent), Patience);

        page.Find("[data-testid=bulk-price]").Click();
        page.WaitForElement("[data-testid=price-dialog]", Patience);
        Assert.True(page.Find("[data-testid=price-apply]").HasAttribute("disabled"));

        page.Find("[data-testid=price-percent]").Input("-95");
        page.WaitForAssertion(() => Assert.Equal("The change must be between -90% and +500%.", FieldMessage(page, "price-percent")), Patience);
        Assert.True(page.Find("[data-testid=price-apply]").HasAttribute("disabled"));

        // The percentage is read like a typed price (a dot for decimals), and may end with a percent sign.
        page.Find("[data-testid=price-percent]").Input("1,5");
        page.WaitForAssertion(() => Assert.Equal("Type a percentage such as 10 or -15 (a dot for decimals).", FieldMessage(page, "price-percent")), Patience);
        Assert.True(page.Find("[data-testid=price-apply]").HasAttribute("disabled"));

        page.Find("[data-testid=price-percent]").Input("10 %");
        page.WaitForAssertion(() =>
        {
            var lines = page.FindAll("[data-testid=price-line]").ToDictionary(
                l => l.GetAttribute("data-sku")!,
                l => (l.QuerySelector("[data-testid=price-old]")!.TextContent, l.QuerySelector("[data-testid=price-new]")!.TextContent));
            Assert.Equal(new Dictionary<string, (string, string)> { ["FRM-1"] = ("19.99 EUR", "21.99 EUR"), ["PRT-1"] = ("10.00 EUR", "11.00 EUR") }, lines);
            Assert.Equal("", FieldMessage(page, "price-percent"));
            Assert.False(page.Find("[data-testid=price-apply]").HasAttribute("disabled"));
        }, Patience);
        Assert.Equal(10.00m, (await StoredAsync("PRT-1")).Price); // a preview changes nothing

        page.Find("[data-testid=price-apply]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=price-dialog]")), Patience);
        Assert.Equal((11.00m, 21.99m, 29.90m), ((await StoredAsync("PRT-1")).Price, (await StoredAsync("FRM-1")).Price, (await StoredAsync("PRT-2")).Price));
        page.WaitForAssertion(() => Assert.Equal("11.00", page.Find("[data-testid=price-PRT-1]").GetAttribute("value")), Patience);
    }

    [Fact]
    public async Task Bulk_deactivate_changes_only_the_selected_items()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        SelectRows(page, "PRT-2");

        page.WaitForElement("[data-testid=bulk-deactivate]", Patience).Click();

        page.WaitForAssertion(() => Assert.Contains("1 item deactivated.", page.Markup), Patience);
        Assert.False((await StoredAsync("PRT-2")).IsActive);
        Assert.True((await StoredAsync("PRT-1")).IsActive);
    }

    private static void SelectRows(IRenderedComponent<CatalogPageHost> page, params string[] skus)
    {
        foreach (var sku in skus)
        {
            var row = page.Find($"[data-testid=price-{sku}]").Closest("tr")!;
            row.QuerySelector("input[type=checkbox]")!.Change(true);
        }
    }
}
