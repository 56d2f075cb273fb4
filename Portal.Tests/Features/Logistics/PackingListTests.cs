using Portal.Tests.Infrastructure;
using Bunit;
using Portal.Engine.Identity;
using Portal.Features.Logistics;
using Portal.Tests.Features.Storefront;

namespace Portal.Tests.Features.Logistics;

/// <summary>The packing list: order number, ship-to address, lines with weights, total weight, print.</summary>
public sealed class PackingListTests() : CommerceTestContext(Roles.Logistics, "logistics@portal.local")
{
    [Fact]
    public async Task Packing_list_shows_address_lines_with_weights_and_total_and_prints()
    {
        var shopper = await ShopperAsync("shopper-1", "Ann Alpha", "Hamburg");
        var frame = await ItemAsync("Oak frame", grams: 1200);
        var card = await ItemAsync("Postcard", grams: 20);
        await Cart.AddAsync(shopper, frame.Id, 2);
        await Cart.AddAsync(shopper, card.Id, 5);
        var toHamburg = ShopData.Request("Express") with { ShippingAddress = ShopData.Berlin with { City = "Hamburg" } };
        var orderId = (await Checkout.CheckoutAsync(shopper, toHamburg)).OrderId!.Value;
        var print = JSInterop.SetupVoid("print");

        var page = RenderPage<PackingListPage>(p => p.Add(x => x.Id, orderId));
        page.WaitForElement("[data-testid=packing-list]", Patience);

        Assert.Equal($"Order #{orderId}", Text(page, "packing-order"));
        var address = Text(page, "packing-ship-to");
        Assert.Contains("Ann Alpha", address);
        Assert.Contains("10115 Hamburg", address);
        var lines = page.FindAll("[data-testid=packing-line]")
            .Select(r => string.Join("|", r.QuerySelectorAll("td").Take(5).Select(td => td.TextContent.Trim()))).ToArray();
        Assert.Equal([$"{frame.Sku}|Oak frame|2|1.2 kg|2.4 kg", $"{card.Sku}|Postcard|5|20 g|100 g"], lines);
        Assert.Equal("7", Text(page, "packing-total-quantity"));
        Assert.Equal("2.5 kg", Text(page, "packing-total-weight"));
        Assert.Equal("Shipping method: Express · next working day", Text(page, "packing-shipping-method"));

        page.Find("button[data-testid=print]").Click();
        print.VerifyInvoke("print");
    }

    [Fact]
    public void Unknown_order_is_not_found()
    {
        var page = RenderPage<PackingListPage>(p => p.Add(x => x.Id, 424242));

        page.WaitForAssertion(() => Assert.Contains("There is no order #424242", Text(page, "packing-not-found")), Patience);
    }
}
