using Bunit;
using Portal.Engine.Identity;
using Portal.Features.Storefront;

namespace Portal.Tests.Features.Storefront;

/// <summary>
/// Adding to the cart confirms the same way from a shop card as from the item page: the header's cart count,
/// and under the button a status message with the way to the cart.
/// </summary>
public sealed class AddToCartConfirmationTests() : CommerceTestContext(Roles.Customer, "customer@portal.local")
{
    private static (string Text, string? Role, string? Link) Confirmation(IRenderedComponent<PageHost> page)
    {
        var done = page.Find("[data-testid=add-done]");
        return (done.TextContent.Trim(), done.GetAttribute("role"), done.QuerySelector("a")?.GetAttribute("href"));
    }

    [Theory]
    [InlineData("shop card")]
    [InlineData("item page")]
    public async Task Adding_confirms_with_the_cart_count_and_a_status_message_linking_the_cart(string where)
    {
        await ShopperAsync();
        var poster = await ItemAsync("Atlas poster", stock: 40);
        var page = where == "shop card" ? RenderPage<ShopHome>() : RenderPage<ShopItemPage>(p => p.Add(i => i.Id, poster.Id));
        page.WaitForElement("button[data-testid=add-to-cart]", Patience);
        Assert.Equal("0", Text(page, "cart-count"));

        page.Find("button[data-testid=add-to-cart]").Click();

        page.WaitForAssertion(() => Assert.Equal("1", Text(page, "cart-count")), Patience);
        Assert.Equal(("Added 1 to your cart. View cart", "status", "/shop/cart"), Confirmation(page));
    }

    [Fact]
    public async Task A_refusal_shows_no_confirmation()
    {
        await ShopperAsync();
        await ItemAsync("Bowl", stock: 3);
        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);

        page.Find("input[data-testid=add-quantity]").Change("5");
        page.Find("button[data-testid=add-to-cart]").Click();

        page.WaitForAssertion(() => Assert.Equal("Only 3 of Bowl left.", page.Find("[data-testid=add-error]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("[data-testid=add-done]"));
        Assert.Equal("0", Text(page, "cart-count"));
    }
}
