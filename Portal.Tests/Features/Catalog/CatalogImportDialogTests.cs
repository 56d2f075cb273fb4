using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;

namespace Portal.Tests.Features.Catalog;

/// <summary>The CSV import dialog over a real database: the preview, all-or-nothing apply, and applying only the valid rows.</summary>
public sealed class CatalogImportDialogTests : CatalogTestContext
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
        var update = page.Find("[data-testid=import-row][data-line='3'] [data-testid=import-changes]");
        Assert.Equal(["name: Canvas → Canvas XL", "price: 29.90 EUR → 34.90 EUR"], update.Children.Select(c => c.TextContent));

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

    [Fact]
    public async Task Import_can_apply_only_the_valid_rows_after_saying_how_many_it_skips()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        var csv = string.Join("\n",
            Header,
            "PRT-2,Canvas XL,,Prints,34.90,EUR,250,5,true",     // line 2: update
            "NEW-1,Mug,,Home,-4,EUR,300,2,true",                // line 3: negative price
            "NEW-2,Bell\u0007,,Home,4.00,EUR,100,2,true",       // line 4: control character
            "NEW-3,Cup,,Home,5.00,EUR,200,1,true");             // line 5: create
        OpenImport(page);
        Upload(page, csv, "items.csv");

        page.WaitForAssertion(() => Assert.Equal("Apply the 2 rows without errors, skip 2",
            page.Find("[data-testid=import-apply-valid]").TextContent.Trim()), Patience);
        Assert.True(page.Find("[data-testid=import-apply]").HasAttribute("disabled")); // all or nothing stays the default
        Assert.Contains("2 rows have errors (lines 3, 4)", page.Find("[data-testid=import-skip-notice]").TextContent);
        Assert.Contains("the 2 rows with errors are then skipped", page.Find("[data-testid=import-skip-notice]").TextContent);
        Assert.Contains("Name contains a control character (U+0007, character 5)", page.Find("[data-line='4'] [data-testid=import-errors]").TextContent);
        Assert.Equal(3, await CountAsync());

        page.Find("[data-testid=import-apply-valid]").Click();

        page.WaitForAssertion(() => Assert.Contains("Import applied: 1 created, 1 updated, 0 unchanged; 2 rows with errors skipped.", page.Markup), Patience);
        Assert.Empty(page.FindAll("[data-testid=import-dialog]"));
        Assert.Equal(34.90m, (await StoredAsync("PRT-2")).Price);
        Assert.Equal("Cup", (await StoredAsync("NEW-3")).Name);
        Assert.Equal(4, await CountAsync());
    }

    [Fact]
    public async Task A_file_without_errors_offers_no_partial_apply()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        OpenImport(page);
        Upload(page, $"{Header}\nNEW-3,Cup,,Home,5.00,EUR,200,1,true\n", "items.csv");

        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=import-apply]").HasAttribute("disabled")), Patience);
        Assert.Empty(page.FindAll("[data-testid=import-apply-valid]"));
        Assert.Empty(page.FindAll("[data-testid=import-skip-notice]"));
    }

    private static void OpenImport(IRenderedComponent<CatalogPageHost> page)
    {
        page.Find("[data-testid=catalog-import]").Click();
        page.WaitForElement("[data-testid=import-dialog]", Patience);
    }

    private static void Upload(IRenderedComponent<CatalogPageHost> page, string csv, string name) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, name, contentType: "text/csv"));
}
