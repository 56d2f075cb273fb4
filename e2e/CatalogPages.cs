using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>Small actions on the catalog page.</summary>
public static class CatalogPages
{
    /// <summary>Waits for the catalog grid to show rows and returns the SKU of row <paramref name="index"/> (0-based).</summary>
    public static async Task<string> CatalogSkuAtAsync(this IPage page, int index)
    {
        var skus = page.GetByTestId("cell-sku");
        await Expect(skus.Nth(index)).ToBeVisibleAsync();
        var sku = (await skus.Nth(index).InnerTextAsync()).Trim();
        await Expect(page.GetByTestId($"price-{sku}")).ToBeEditableAsync();
        return sku;
    }
}
