using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Accessibility;

/// <summary>
/// A page the accessibility journey checks: where it is (a fixed path, or one found in the app, such as the
/// first order), what marks it as loaded, and optionally what to open on it (a dialog).
/// </summary>
public sealed record CheckedPage(string Name, Func<IPage, Task<string>> Path)
{
    /// <summary>An element that shows once the page has its data (waited for before checking).</summary>
    public string? Ready { get; init; }

    /// <summary>Something to do on the loaded page before checking it, such as opening a dialog.</summary>
    public Func<IPage, Task>? Open { get; init; }

    /// <summary>False for static pages (sign-in), which never get a circuit.</summary>
    public bool Interactive { get; init; } = true;

    public static CheckedPage At(string path, string? ready = null) => new(path, _ => Task.FromResult(path)) { Ready = ready };

    public override string ToString() => Name;
}

/// <summary>
/// Every page of every role, for the accessibility journey. To check a new page, add a line to its role
/// (a fixed path with <see cref="CheckedPage.At"/>, or a path found in the app, as the order pages are).
/// </summary>
public static class AccessiblePages
{
    public static readonly IReadOnlyDictionary<string, CheckedPage[]> ByRole = new Dictionary<string, CheckedPage[]>
    {
        ["Customer"] =
        [
            CheckedPage.At("/shop", "[data-testid=shop-item]"),
            new("shop item", page => FirstHrefAsync(page, "/shop", "[data-testid=shop-item-name]")) { Ready = "[data-testid=item-price]" },
            CheckedPage.At("/shop/cart"),
            new("checkout: review", CheckoutPathAsync) { Ready = "[data-testid=review-continue]" },
            new("checkout: address", CheckoutPathAsync) { Ready = "[data-testid=review-continue]", Open = page => CheckoutStepAsync(page, 2) },
            new("checkout: shipping", CheckoutPathAsync) { Ready = "[data-testid=review-continue]", Open = page => CheckoutStepAsync(page, 3) },
            new("checkout: payment", CheckoutPathAsync) { Ready = "[data-testid=review-continue]", Open = page => CheckoutStepAsync(page, 4) },
            new("shipment notices", _ => Task.FromResult("/shop")) { Ready = "[data-testid=shop-item]", Open = OpenShipmentNoticesAsync },
            CheckedPage.At("/shop/orders", "[data-testid=orders-table], [data-testid=orders-empty]"),
            new("shop order", page => FirstHrefAsync(page, "/shop/orders", "[data-testid=orders-row] a")) { Ready = "[data-testid=order-timeline]" },
            CheckedPage.At("/images", "[data-testid=images-gallery], [data-testid=images-empty]"),
            new("image editor", ImageEditorPathAsync) { Ready = "[data-testid=preview-state][data-state=ready]" },
        ],
        ["Sales"] =
        [
            CheckedPage.At("/catalog", "[data-testid=cell-sku]"),
            new("catalog: new item dialog", _ => Task.FromResult("/catalog"))
                { Ready = "[data-testid=cell-sku]", Open = page => OpenDialogAsync(page, "catalog-new", "item-dialog") },
            new("catalog: import dialog", _ => Task.FromResult("/catalog"))
                { Ready = "[data-testid=cell-sku]", Open = page => OpenDialogAsync(page, "catalog-import", "import-dialog") },
            new("catalog: item history", _ => Task.FromResult("/catalog"))
                { Ready = "[data-testid=cell-sku]", Open = OpenFirstHistoryAsync },
        ],
        ["Logistics"] =
        [
            CheckedPage.At("/logistics", "[data-testid=queue-table], [data-testid=queue-empty]"),
            new("logistics: ship dialog", _ => Task.FromResult("/logistics"))
                { Ready = "[data-testid^=queue-order-]", Open = OpenShipDialogAsync },
            new("packing list", async page => $"/logistics/orders/{await FirstQueuedOrderAsync(page)}/packing-list") { Ready = "[data-testid=packing-order]" },
            CheckedPage.At("/logistics/api-keys", "[data-testid=api-key-name]"),
        ],
        ["Analyst"] = [CheckedPage.At("/analytics", "[data-testid=stat-revenue]")],
        ["Admin"] = [CheckedPage.At("/admin", "[data-testid=stat-accounts]")],
    };

    /// <summary>Pages seen signed out.</summary>
    public static readonly CheckedPage[] SignedOut =
    [
        CheckedPage.At("/account/login", "[data-testid=signin-submit]") with { Interactive = false },
        CheckedPage.At("/no-such-page-for-the-accessibility-check") with { Interactive = false },
    ];

    private static async Task<string> FirstHrefAsync(IPage page, string listPath, string linkSelector)
    {
        await page.OpenAsync(listPath);
        var link = page.Locator(linkSelector).First;
        await Expect(link).ToBeVisibleAsync();
        return await link.GetAttributeAsync("href") ?? throw new InvalidOperationException($"{linkSelector} on {listPath} has no href.");
    }

    private static async Task<string> FirstQueuedOrderAsync(IPage page)
    {
        await page.OpenAsync("/logistics");
        var row = page.Locator("[data-testid^=queue-order-]").First;
        await Expect(row).ToBeVisibleAsync();
        return (await row.GetAttributeAsync("data-testid"))!["queue-order-".Length..];
    }

    // The demo customer has no images of their own: upload one, once.
    private static async Task<string> ImageEditorPathAsync(IPage page)
    {
        await page.OpenImagesAsync();
        await Expect(page.Locator("[data-testid=images-gallery], [data-testid=images-empty]").First).ToBeVisibleAsync();
        if (await page.GetByTestId("image-card").CountAsync() == 0)
        {
            await page.ChooseImagesAsync(new FilePayload { Name = "a11y-check.jpg", MimeType = "image/jpeg", Buffer = ImagePages.Jpeg(240, 160) });
            await Expect(page.ImageCard("a11y-check.jpg").GetByTestId("image-status")).ToHaveTextAsync("Ready");
        }
        return await page.GetByTestId("image-edit").First.GetAttributeAsync("href") ?? throw new InvalidOperationException("An image without an edit link.");
    }

    private static async Task OpenDialogAsync(IPage page, string button, string dialog)
    {
        await page.GetByTestId(button).ClickAsync();
        await Expect(page.GetByTestId(dialog)).ToBeVisibleAsync();
    }

    private static async Task OpenFirstHistoryAsync(IPage page)
    {
        await page.Locator("[data-testid^=history-]").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
    }

    private static async Task OpenShipDialogAsync(IPage page)
    {
        var id = await FirstQueuedOrderIdOnPageAsync(page);
        await page.GetByTestId($"select-{id}").CheckAsync();
        await page.GetByTestId("mark-shipped").ClickAsync();
        await Expect(page.GetByTestId("ship-dialog")).ToBeVisibleAsync();
    }

    // Checkout needs something in the cart: put one item in, once.
    private static async Task<string> CheckoutPathAsync(IPage page)
    {
        await page.OpenAsync("/shop");
        await Expect(page.Locator("[data-testid=shop-item]").First).ToBeVisibleAsync();
        if (await page.GetByTestId("cart-count").InnerTextAsync() is "0" or "")
            await page.AddFirstAvailableItemToCartAsync();
        return "/shop/checkout";
    }

    private static async Task CheckoutStepAsync(IPage page, int step)
    {
        string[] continues = ["review-continue", "address-continue", "shipping-continue"];
        foreach (var button in continues.Take(step - 1))
            await page.GetByTestId(button).ClickAsync();
        await Expect(page.GetByTestId("step-heading")).ToContainTextAsync($"Step {step} of 4");
    }

    private static async Task OpenShipmentNoticesAsync(IPage page)
    {
        await page.Locator("[data-testid=shipment-menu] button").First.ClickAsync();
        await Expect(page.Locator("[data-testid=shipment-notice], [data-testid=shipment-none]").First).ToBeVisibleAsync();
    }

    private static async Task<string> FirstQueuedOrderIdOnPageAsync(IPage page) =>
        (await page.Locator("[data-testid^=queue-order-]").First.GetAttributeAsync("data-testid"))!["queue-order-".Length..];
}
