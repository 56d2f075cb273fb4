using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>Sales at work in the catalog grid: inline edits that persist, refused values, and other people's changes arriving live.</summary>
public sealed class CatalogJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    private static readonly DemoUser Sales = DemoUser.ByRole["Sales"];

    [Fact]
    public async Task SalesUser_EditsPriceInline_AndItPersistsAfterReload()
    {
        await Page.SignInToLandingAsync(Sales);
        await Expect(Page).ToHaveTitleAsync(new Regex("Catalog"));
        var sku = await Page.CatalogSkuAtAsync(0);
        var price = Page.GetByTestId($"price-{sku}");
        var newPrice = await price.InputValueAsync() == "123.45" ? "123.46" : "123.45";

        await price.FillAsync(newPrice);
        await price.PressAsync("Enter");

        await Expect(Page.GetByText($"{sku}: Price saved.")).ToBeVisibleAsync();
        await Page.ScreenshotAsync("catalog-inline-edit");

        await Page.ReloadAsync();
        await Page.WaitForInteractiveAsync();
        await Expect(Page.GetByTestId($"price-{sku}")).ToHaveValueAsync(newPrice);
    }

    [Fact]
    public async Task ExportLink_DownloadsTheFilteredCatalogAsCsv()
    {
        await Page.SignInToLandingAsync(Sales);
        var sku = await Page.CatalogSkuAtAsync(0);
        await Page.GetByTestId("catalog-search").FillAsync(sku);
        await Expect(Page.GetByTestId("cell-sku")).ToHaveCountAsync(1);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("catalog-export").ClickAsync());

        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToArray();
        Assert.Equal("sku,name,description,category,price,currency,weight_grams,stock,active", lines[0]);
        Assert.StartsWith(sku + ",", Assert.Single(lines.Skip(1)));
        Assert.EndsWith(".csv", download.SuggestedFilename);
    }

    [Fact]
    public async Task InvalidPrice_IsShownAtTheField_NotSaved_AndEscapeRestoresIt()
    {
        await Page.SignInToLandingAsync(Sales);
        var sku = await Page.CatalogSkuAtAsync(1);
        var price = Page.GetByTestId($"price-{sku}");
        var stored = await price.InputValueAsync();

        await price.FillAsync("-5");
        await price.PressAsync("Enter");

        var cell = Page.Locator(".catalog-cell").Filter(new() { Has = price });
        await Expect(cell.Locator(".mud-input-helper-text.mud-input-error")).ToHaveTextAsync("Price cannot be negative.");
        await price.PressAsync("Escape");
        await Expect(price).ToHaveValueAsync(stored);
        await Expect(cell.Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(0);

        await Page.ReloadAsync();
        await Page.WaitForInteractiveAsync();
        await Expect(Page.GetByTestId($"price-{sku}")).ToHaveValueAsync(stored);
    }

    [Fact]
    public async Task ChangeInAnotherBrowser_ShowsUpWithoutReloading()
    {
        await Page.SignInToLandingAsync(Sales);
        var sku = await Page.CatalogSkuAtAsync(2);

        await using var otherContext = await Portal.NewContextAsync();
        var other = await otherContext.NewPageAsync();
        await other.SignInToLandingAsync(Sales);
        var otherName = other.GetByTestId($"name-{sku}");
        await Expect(otherName).ToBeVisibleAsync();
        var newName = (await otherName.InputValueAsync()) + " (renamed)";
        await otherName.FillAsync(newName);
        await otherName.PressAsync("Enter");
        await Expect(other.GetByText($"{sku}: Name saved.")).ToBeVisibleAsync();

        await Expect(Page.GetByTestId($"name-{sku}")).ToHaveValueAsync(newName);
    }
}
