using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;

namespace Portal.Tests.Components.Catalog;

/// <summary>The catalog page's dialogs over a real database: new item, bulk price change, CSV import.</summary>
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

        page.Find("[data-testid=price-percent]").Input("10");
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

    // ---- CSV import -----------------------------------------------------------------------------

    private const string Header = "sku,name,description,category,price,currency,weight_grams,stock,active";

    [Fact]
    public async Task Import_preview_lists_each_rows_problems_by_line_and_cannot_be_applied()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        var csv = string.Join("\n",
            Header,
            "PRT-1,Poster,,Prints,10.00,EUR,250,5,true",        // line 2: unchanged
            "PRT-2,Canvas XL,,Prints,34.90,EUR,250,5,true",     // line 3: update
            "NEW-1,Mug,,Home,-4,EUR,300,2,true",                // line 4: negative price
            "NEW-2,,,Home,4.999,EUR,0,2,maybe",                 // line 5: several problems
            "NEW-3,Cup,,Home,5.00,EUR,200,1,true");             // line 6: create

        OpenImport(page);
        Upload(page, csv, "items.csv");

        page.WaitForElement("[data-testid=import-rows]", Patience);
        Assert.Equal("1 to create", page.Find("[data-testid=count-create]").TextContent.Trim());
        Assert.Equal("1 to update", page.Find("[data-testid=count-update]").TextContent.Trim());
        Assert.Equal("1 unchanged", page.Find("[data-testid=count-unchanged]").TextContent.Trim());
        Assert.Equal("2 with errors", page.Find("[data-testid=count-error]").TextContent.Trim());
        // Rows with errors are listed first-hand (only those while there are any), by line number.
        var rows = page.FindAll("[data-testid=import-row]").ToDictionary(r => r.GetAttribute("data-line")!, r => r.QuerySelector("[data-testid=import-errors]")!.TextContent);
        Assert.Equal(new[] { "4", "5" }, rows.Keys);
        Assert.Contains("Price cannot be negative.", rows["4"]);
        Assert.Contains("Name is required.", rows["5"]);
        Assert.Contains("Price has at most two decimals.", rows["5"]);
        Assert.Contains("active 'maybe' is not true or false.", rows["5"]);
        Assert.True(page.Find("[data-testid=import-apply]").HasAttribute("disabled"));

        // All rows are one switch away.
        page.Find("[data-testid=import-only-errors]").Change(false);
        page.WaitForAssertion(() => Assert.Equal(new[] { "2", "3", "4", "5", "6" }, page.FindAll("[data-testid=import-row]").Select(r => r.GetAttribute("data-line")!)), Patience);

        Assert.Equal(3, await CountAsync());
        Assert.Equal(29.90m, (await StoredAsync("PRT-2")).Price);
    }

    [Fact]
    public async Task Import_of_a_valid_file_applies_every_row()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        OpenImport(page);
        Upload(page, $"{Header}\nPRT-2,Canvas XL,,Prints,34.90,EUR,250,5,true\nNEW-3,Cup,,Home,5.00,EUR,200,1,true\n", "items.csv");

        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=import-apply]").HasAttribute("disabled")), Patience);
        page.Find("[data-testid=import-apply]").Click();

        page.WaitForAssertion(() => Assert.Contains("Import applied: 1 created, 1 updated, 0 unchanged.", page.Markup), Patience);
        Assert.Equal(34.90m, (await StoredAsync("PRT-2")).Price);
        Assert.Equal("Cup", (await StoredAsync("NEW-3")).Name);
        page.WaitForAssertion(() => Assert.Contains("NEW-3", GridSkus(page)), Patience);
    }

    [Theory]
    [InlineData("items.xlsx", 100, "is not a .csv file")]
    [InlineData("huge.csv", 6 * 1024 * 1024, "the limit is 5 MB")]
    public async Task Import_refuses_files_that_are_not_csv_or_too_large(string name, int size, string message)
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        OpenImport(page);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[size], name));

        page.WaitForAssertion(() => Assert.Contains(message, page.Find("[data-testid=import-file-error]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=import-rows]"));
        Assert.True(page.Find("[data-testid=import-apply]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Import_shows_problems_with_the_file_itself()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        OpenImport(page);
        Upload(page, "sku,name\nPRT-7,Thing\n", "items.csv");

        page.WaitForAssertion(() => Assert.Contains("Line 1: the header lacks the column(s) category, price, weight_grams, stock.",
            page.Find("[data-testid=import-file-problem]").TextContent), Patience);
        Assert.True(page.Find("[data-testid=import-apply]").HasAttribute("disabled"));
    }

    private static void OpenImport(IRenderedComponent<CatalogPageHost> page)
    {
        page.Find("[data-testid=catalog-import]").Click();
        page.WaitForElement("[data-testid=import-dialog]", Patience);
    }

    private static void Upload(IRenderedComponent<CatalogPageHost> page, string csv, string name) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, name, contentType: "text/csv"));
}
