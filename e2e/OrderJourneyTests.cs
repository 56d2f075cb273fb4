using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// An order from cart to parcel: a customer buys, the shipping desk (in another browser) ships it, and
/// the customer sees the tracking number. Also the shipping desk's own API key, used against the API.
/// </summary>
public sealed class OrderJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    private const string Carrier = "DHL";
    private const string TrackingNumber = "JD014600006281";

    [Fact]
    public async Task Customer_BuysItem_LogisticsShipsIt_CustomerSeesTrackingNumber()
    {
        // The customer puts an item in the cart and checks out.
        await Page.SignInToLandingAsync(DemoUser.ByRole["Customer"]);
        var (sku, name) = await Page.AddFirstAvailableItemToCartAsync();
        await Page.ScreenshotAsync("order-shop");
        await Page.GetByTestId("cart-link").ClickAsync();
        await Page.WaitForURLAsync(PortalPages.PathRegex("/shop/cart"));
        await Expect(Page.Locator($"[data-testid=cart-line][data-sku='{sku}']")).ToContainTextAsync(name);
        await Page.ScreenshotAsync("order-cart");

        var orderId = await Page.CheckoutAsync(shot => Page.ScreenshotAsync(shot));

        await Expect(Page.GetByTestId("order-placed")).ToContainTextAsync($"Order #{orderId} is placed and paid");
        await Expect(Page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "Paid");
        await Expect(Page.GetByTestId("order-line")).ToHaveTextAsync(name);
        await Expect(Page.GetByTestId("summary-shipping-label")).ToHaveTextAsync("Shipping (Express · next working day)");
        await Expect(Page.GetByTestId("order-shipping-method")).ToHaveTextAsync("Ships with Express · next working day");
        await Page.ScreenshotAsync("order-paid");

        // The shipping desk, in a browser of its own, finds the order and ships it.
        await using var logisticsContext = await Portal.NewContextAsync();
        var desk = await logisticsContext.NewPageAsync();
        await desk.SignInToLandingAsync(DemoUser.ByRole["Logistics"]);
        await desk.SelectInQueueAsync(orderId);
        await Expect(desk.GetByTestId($"status-{orderId}")).ToHaveAttributeAsync("data-status", "Paid");
        await desk.ScreenshotAsync("order-logistics-queue");
        await desk.FillShipDialogAsync(orderId, Carrier, TrackingNumber);
        await desk.ScreenshotAsync("order-logistics-ship-dialog");
        await desk.GetByTestId("ship-submit").ClickAsync();

        await Expect(desk.GetByTestId($"result-{orderId}")).ToHaveAttributeAsync("data-ok", "true");
        await Expect(desk.GetByTestId($"result-{orderId}")).ToContainTextAsync(TrackingNumber);
        await Expect(desk.GetByTestId("queue-empty")).ToBeVisibleAsync();
        await desk.ScreenshotAsync("order-logistics-shipped");

        // The packing list is still there for the parcel.
        await desk.OpenAsync($"/logistics/orders/{orderId}/packing-list");
        await Expect(desk.GetByTestId("packing-order")).ToHaveTextAsync($"Order #{orderId}");
        await Expect(desk.Locator($"[data-testid=packing-line][data-sku='{sku}']")).ToContainTextAsync(name);
        await desk.ScreenshotAsync("order-packing-list");

        // The customer reloads the order page and sees it on its way.
        await Page.ReloadAsync();
        await Page.WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "Shipped");
        await Expect(Page.GetByTestId("order-carrier")).ToHaveTextAsync(Carrier);
        await Expect(Page.GetByTestId("order-tracking")).ToHaveTextAsync(TrackingNumber);
        await Expect(Page.GetByTestId("order-shipped-at")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"));
        await Expect(Page.GetByTestId("timeline-shipped")).ToHaveAttributeAsync("data-done", "true");
        await Page.ScreenshotAsync("order-shipped");

        // The shop header's bell tells of the shipment and links to the order.
        await Page.Locator("[data-testid=shipment-menu] button").ClickAsync();
        await Expect(Page.Locator($"[data-testid=shipment-notice][data-order-id='{orderId}']")).ToContainTextAsync($"Order #{orderId} shipped");
        await Page.ScreenshotAsync("order-shipment-notice");
    }

    [Fact]
    public async Task Logistics_CreatesApiKey_ThatTheApiAccepts_UntilRevoked()
    {
        await Page.SignInToLandingAsync(DemoUser.ByRole["Logistics"]);
        await Page.GetByTestId("nav-api-keys").ClickAsync();
        await Page.WaitForURLAsync(PortalPages.PathRegex("/logistics/api-keys"));
        await Page.WaitForInteractiveAsync();
        var name = $"e2e tool {Guid.NewGuid():N}"[..16];

        await Page.GetByTestId("api-key-name").FillAsync(name);
        await Page.GetByTestId("api-key-create-submit").ClickAsync();

        var secretField = Page.GetByTestId("api-key-secret");
        await Expect(secretField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^ptl_[0-9a-f]{10}_.+"));
        await Expect(Page.GetByTestId("api-key-secret-warning")).ToContainTextAsync("will not be shown again");
        var secret = await secretField.InputValueAsync();
        await Page.ScreenshotAsync("api-key-secret");
        await Page.GetByTestId("api-key-secret-done").ClickAsync();
        await Expect(Page.GetByTestId("api-key-secret-dialog")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await Page.ContentAsync());

        using var http = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/logistics/orders?pageSize=1")).StatusCode);

        var row = Page.Locator("[data-testid=api-key-row]", new() { HasTextString = name });
        var keyId = await row.GetAttributeAsync("data-key-id");
        await Page.GetByTestId($"api-key-revoke-{keyId}").ClickAsync();
        await Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(Page.GetByTestId($"api-key-status-{keyId}")).ToContainTextAsync("Revoked");
        await Page.ScreenshotAsync("api-keys");

        // Revoking evicts the key on this instance at once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/logistics/orders?pageSize=1")).StatusCode);
    }
}
