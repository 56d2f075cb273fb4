using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>Page actions of the shop and the shipping desk, shared by the order journeys.</summary>
public static partial class OrderPages
{
    /// <summary>Opens a path and waits until the page is interactive.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Adds one of the first item on /shop that can be bought; returns its SKU and name.</summary>
    public static async Task<(string Sku, string Name)> AddFirstAvailableItemToCartAsync(this IPage page)
    {
        await page.OpenAsync("/shop");
        var card = page.Locator("[data-testid=shop-item]:has(button[data-testid=add-to-cart]:not([disabled]))").First;
        await Expect(card).ToBeVisibleAsync();
        var sku = await card.GetAttributeAsync("data-sku") ?? throw new InvalidOperationException("A shop item without data-sku.");
        var name = (await card.GetByTestId("shop-item-name").InnerTextAsync()).Trim();
        var before = int.Parse(await page.GetByTestId("cart-count").InnerTextAsync());

        await card.GetByTestId("add-to-cart").ClickAsync();

        await Expect(page.GetByTestId("cart-count")).ToHaveTextAsync((before + 1).ToString());
        await Expect(card.GetByTestId("add-done")).ToContainTextAsync("Added 1 to your cart.");
        return (sku, name);
    }

    /// <summary>
    /// On the cart page: goes through checkout (review, the saved address, Express shipping), is declined with the test
    /// provider's declined card, pays with its approved card, and returns the new order's id from the order page it lands on.
    /// </summary>
    public static async Task<int> CheckoutAsync(this IPage page, Func<string, Task>? screenshot = null)
    {
        screenshot ??= _ => Task.CompletedTask;
        await Expect(page.GetByTestId("checkout")).ToBeEnabledAsync();
        await page.GetByTestId("checkout").ClickAsync();
        await page.WaitForURLAsync(PortalPages.PathRegex("/shop/checkout"));
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("step-heading")).ToHaveTextAsync("Step 1 of 4: Review");
        await screenshot("checkout-review");
        await page.GetByTestId("review-continue").ClickAsync();
        await Expect(page.GetByTestId("saved-address").First).ToBeVisibleAsync();
        await screenshot("checkout-address");
        await page.GetByTestId("address-continue").ClickAsync();
        await page.Locator("[data-testid=shipping-option][data-code=Express] label").ClickAsync();
        await Expect(page.GetByTestId("summary-shipping-label")).ToHaveTextAsync("Shipping (Express)");
        await screenshot("checkout-shipping");
        await page.GetByTestId("shipping-continue").ClickAsync();
        await Expect(page.GetByTestId("payment-test-notice")).ToContainTextAsync("Test payments: no money moves.");

        await page.PayAsync("4000 0000 0000 0002");
        await Expect(page.GetByTestId("payment-declined")).ToContainTextAsync("Your card was declined.");
        await screenshot("checkout-declined");

        await page.PayAsync("4242 4242 4242 4242");
        await page.WaitForURLAsync(OrderUrl());
        await Expect(page.GetByTestId("order-timeline")).ToBeVisibleAsync();
        return int.Parse(OrderUrl().Match(page.Url).Groups["id"].Value);
    }

    private static async Task PayAsync(this IPage page, string card)
    {
        await page.GetByTestId("card-number").FillAsync(card);
        await page.GetByTestId("card-expiry").FillAsync("12/40");
        await page.GetByTestId("card-cvc").FillAsync("123");
        // MudBlazor fields commit on change: leave the last field before paying.
        await page.GetByTestId("card-cvc").PressAsync("Tab");
        await page.GetByTestId("pay").ClickAsync();
    }

    /// <summary>Finds the order in the logistics queue by its number and selects it.</summary>
    public static async Task SelectInQueueAsync(this IPage page, int orderId)
    {
        await page.GetByTestId("queue-search").FillAsync(orderId.ToString());
        await Expect(page.GetByTestId($"queue-order-{orderId}")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("filter-count")).ToHaveTextAsync("1");
        await page.GetByTestId($"select-{orderId}").CheckAsync();
        await Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("1");
    }

    /// <summary>Opens "Mark shipped" for the selection and fills in one order's carrier and tracking number.</summary>
    public static async Task FillShipDialogAsync(this IPage page, int orderId, string carrier, string trackingNumber)
    {
        await page.GetByTestId("mark-shipped").ClickAsync();
        await Expect(page.GetByTestId("ship-dialog")).ToBeVisibleAsync();
        await page.GetByTestId($"ship-carrier-{orderId}").FillAsync(carrier);
        await page.GetByTestId($"ship-tracking-{orderId}").FillAsync(trackingNumber);
    }

    // Checkout lands on ?placed=true, which the page then drops from the address.
    [GeneratedRegex(@"/shop/orders/(?<id>\d+)(\?placed=true)?$")]
    private static partial Regex OrderUrl();
}
