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
            new("image editor: delete rendition?", ImageEditorPathAsync)
                { Ready = "[data-testid=preview-state][data-state=ready]", Open = OpenRenditionDeleteAsync },
            // A page of another role's area answers "access denied" in place; the sign-in cookie's own page too.
            new("access denied", _ => Task.FromResult("/catalog")) { Ready = "[data-testid=access-denied]" },
            CheckedPage.At("/account/access-denied", "[data-testid=access-denied]"),
            CheckedPage.At("/account/no-role", "main .mud-alert"),
            // Blazor's own reconnect dialog, as it shows when the connection is lost (Retry) or paused (Resume).
            new("reconnect: failed", _ => Task.FromResult("/shop/cart")) { Open = page => ShowReconnectDialogAsync(page, "components-reconnect-failed") },
            new("reconnect: paused", _ => Task.FromResult("/shop/cart")) { Open = page => ShowReconnectDialogAsync(page, "components-reconnect-paused") },
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
            new("catalog: price change dialog", _ => Task.FromResult("/catalog"))
                { Ready = "[data-testid=cell-sku]", Open = OpenPriceChangeAsync },
            new("catalog: with archived rows", _ => Task.FromResult("/catalog"))
                { Ready = "[data-testid=cell-sku]", Open = ShowArchivedRowsAsync },
        ],
        ["Logistics"] =
        [
            CheckedPage.At("/logistics", "[data-testid=queue-table], [data-testid=queue-empty]"),
            new("logistics: ship dialog", _ => Task.FromResult("/logistics"))
                { Ready = "[data-testid^=queue-order-]", Open = OpenShipDialogAsync },
            new("packing list", async page => $"/logistics/orders/{await FirstQueuedOrderAsync(page)}/packing-list") { Ready = "[data-testid=packing-order]" },
            CheckedPage.At("/logistics/api-keys", "[data-testid=api-key-name]"),
            // Creates a key each time (four in all, within the ten a user may hold).
            new("api keys: new key's secret", _ => Task.FromResult("/logistics/api-keys"))
                { Ready = "[data-testid=api-key-name]", Open = CreateApiKeyAsync },
        ],
        ["Analyst"] =
        [
            CheckedPage.At("/analytics/keys", "[data-testid=access-key-row], [data-testid=access-keys-empty]"),
            CheckedPage.At("/models/registry", "[data-testid=registry-version], [data-testid=registry-no-models]"),
            CheckedPage.At("/analytics/sql", "[data-testid=schema-table-sales]"),
            // The example query run: its result grid (or, before the first export, the error saying so) and the history entry.
            new("sql console: result", _ => Task.FromResult("/analytics/sql")) { Ready = "[data-testid=schema-table-sales]", Open = RunExampleQueryAsync },
            CheckedPage.At("/analytics", "[data-testid=stat-revenue], [data-testid=sales-error]"),
            new("analytics: items", _ => Task.FromResult("/analytics")) { Ready = "[data-testid=freshness-text]", Open = page => OpenTabAsync(page, "Items") },
            new("analytics: membership", _ => Task.FromResult("/analytics")) { Ready = "[data-testid=freshness-text]", Open = page => OpenTabAsync(page, "Membership") },
            new("analytics: shipping", _ => Task.FromResult("/analytics")) { Ready = "[data-testid=freshness-text]", Open = page => OpenTabAsync(page, "Shipping") },
            new("analytics: images", _ => Task.FromResult("/analytics")) { Ready = "[data-testid=freshness-text]", Open = page => OpenTabAsync(page, "Images") },
            CheckedPage.At("/models", "[data-testid=models-training]"),
            CheckedPage.At("/models/training", "[data-testid=training-start], [data-testid=training-no-datasets]"),
            new("training job", page => FirstHrefAsync(page, "/models/training", "[data-testid=training-job-link]")) { Ready = "[data-testid=training-log]" },
            CheckedPage.At("/models/datasets", "[data-testid=datasets-table]"),
            new("datasets: import", _ => Task.FromResult("/models/datasets")) { Ready = "[data-testid=datasets-table]", Open = OpenDatasetImportAsync },
            CheckedPage.At("/models/datasets/product-categories", "[data-testid=dataset-versions], [data-testid=dataset-missing]"),
            CheckedPage.At("/models/datasets/product-categories/label",
                "[data-testid=labelling-grid], [data-testid=labelling-empty], [data-testid=dataset-missing]"),
        ],
        ["Admin"] =
        [
            CheckedPage.At("/admin", "[data-testid=stat-accounts]"),
            CheckedPage.At("/admin/activity", "[data-testid=activity-table], [data-testid=activity-empty]"),
            CheckedPage.At("/admin/pipeline", "[data-testid=stat-handled]"),
        ],
    };

    /// <summary>Pages seen signed out.</summary>
    public static readonly CheckedPage[] SignedOut =
    [
        CheckedPage.At("/account/login", "[data-testid=signin-submit]") with { Interactive = false },
        CheckedPage.At("/no-such-page-for-the-accessibility-check") with { Interactive = false },
        CheckedPage.At("/account/external/failed?reason=provider", "[data-testid=external-signin-error]") with { Interactive = false },
    ];

    private static async Task OpenTabAsync(IPage page, string tab)
    {
        await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = tab })).ToHaveAttributeAsync("aria-selected", "true");
    }

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
            await Expect(page.ImageCard("a11y-check.jpg").GetByTestId("image-status")).ToHaveTextAsync("Ready", new() { Timeout = 30_000 });
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

    // The first rendition's delete confirmation; saves a rendition first when there is none.
    private static async Task OpenRenditionDeleteAsync(IPage page)
    {
        if (await page.GetByTestId("rendition-row").CountAsync() == 0)
        {
            await page.GetByTestId("save-rendition").ClickAsync();
            await Expect(page.GetByTestId("rendition-row").First).ToBeVisibleAsync();
        }
        await page.GetByTestId("rendition-delete").First.ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("will be deleted");
    }

    private static async Task ShowReconnectDialogAsync(IPage page, string state)
    {
        await page.EvaluateAsync("""
            state => { const m = document.getElementById('components-reconnect-modal'); m.className = state; m.showModal(); }
            """, state);
        // Checked once its fade-in has finished.
        await page.WaitForFunctionAsync("() => getComputedStyle(document.getElementById('components-reconnect-modal')).opacity === '1'");
        await Expect(page.Locator("#components-reconnect-modal button:visible")).ToHaveCountAsync(1);
    }

    private static async Task OpenPriceChangeAsync(IPage page)
    {
        await page.Locator("tr.catalog-row .mud-checkbox input").First.CheckAsync();
        await page.GetByTestId("bulk-price").ClickAsync();
        await Expect(page.GetByTestId("price-percent")).ToBeVisibleAsync();
    }

    // The status filter with archived items shown; the first time, archives the last item on the page (the demo has none archived).
    private static async Task ShowArchivedRowsAsync(IPage page)
    {
        await ChooseAsync(page, "catalog-status", "Archived");
        await Expect(page.Locator("[data-testid=archived-chip], [data-testid=grid-empty]").First).ToBeVisibleAsync();
        if (await page.GetByTestId("archived-chip").CountAsync() == 0)
        {
            await page.OpenAsync("/catalog");
            await page.CatalogSkuAtAsync(0);
            var dialog = page.Locator(".mud-dialog");
            for (var attempt = 1; await dialog.CountAsync() == 0; attempt++)
            {
                await page.Locator("[data-testid^=archive-]").Last.ClickAsync();
                try { await Expect(dialog).ToBeVisibleAsync(new() { Timeout = 3000 }); }
                catch (PlaywrightException) when (attempt < 3) { }
            }
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Archive", Exact = true }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
        }
        await ChooseAsync(page, "catalog-status", "All, with archived");
        await Expect(page.Locator("tr.catalog-row-archived [data-testid=archived-chip]").First).ToBeVisibleAsync();
        await Expect(page.Locator("tr.catalog-row:not(.catalog-row-archived)").First).ToBeVisibleAsync();
    }

    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.Locator($".mud-select:has([data-testid={select}]), .mud-select[data-testid={select}]").First.ClickAsync();
        var exactly = new System.Text.RegularExpressions.Regex($@"^\s*{System.Text.RegularExpressions.Regex.Escape(option)}\s*$");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = exactly }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private static async Task RunExampleQueryAsync(IPage page)
    {
        await page.GetByTestId("console-run").ClickAsync();
        await Expect(page.Locator("[data-testid=result-count], [data-testid=query-error]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private static async Task OpenDatasetImportAsync(IPage page)
    {
        await page.GetByTestId("datasets-import").ClickAsync();
        await Expect(page.GetByTestId("dataset-import-dialog")).ToBeVisibleAsync();
    }

    private static async Task CreateApiKeyAsync(IPage page)
    {
        await page.GetByTestId("api-key-name").FillAsync($"a11y check {Guid.NewGuid():N}"[..20]);
        await page.GetByTestId("api-key-create-submit").ClickAsync();
        await Expect(page.GetByTestId("api-key-secret-dialog")).ToBeVisibleAsync();
    }

    private static async Task<string> FirstQueuedOrderIdOnPageAsync(IPage page) =>
        (await page.Locator("[data-testid^=queue-order-]").First.GetAttributeAsync("data-testid"))!["queue-order-".Length..];
}
