using Bunit;
using Portal.Engine.Identity;
using Portal.Features.Storefront;

namespace Portal.Tests.Components.Storefront;

/// <summary>Adding to the cart confirms the same way from a shop card as from the item page: a snackbar naming the item, with the way to the cart.</summary>
public sealed class AddToCartConfirmationTests() : CommerceTestContext(Roles.Customer, "customer@portal.local")
{
    private const string Expected = "Added 1 × Atlas poster to your cart.";

    [Fact]
    public async Task A_shop_card_confirms_with_the_items_name_and_a_view_cart_action()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Atlas poster", stock: 40);
        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);

        page.Find($"[data-testid=shop-item][data-sku='{poster.Sku}'] button[data-testid=add-to-cart]").Click();

        page.WaitForAssertion(() => Assert.Contains(Expected, page.Find(".mud-snackbar").TextContent), Patience);
        Assert.Equal("Added 1 to your cart. View cart", page.Find("[data-testid=add-done]").TextContent.Trim());
        page.Find(".mud-snackbar button").Click(); // "View cart"
        page.WaitForAssertion(() => Assert.EndsWith("/shop/cart", Navigation.Uri), Patience);
    }

    [Fact]
    public async Task The_item_page_confirms_the_same_way()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Atlas poster", stock: 40);
        var page = RenderPage<ShopItemPage>(p => p.Add(i => i.Id, poster.Id));
        page.WaitForElement("button[data-testid=add-to-cart]", Patience);

        page.Find("button[data-testid=add-to-cart]").Click();

        page.WaitForAssertion(() => Assert.Contains(Expected, page.Find(".mud-snackbar").TextContent), Patience);
        Assert.Equal("Added 1 to your cart. View cart", page.Find("[data-testid=add-done]").TextContent.Trim());
        Assert.Equal(Expected, AddToCart.Confirmation(1, "Atlas poster"));
    }

    [Fact]
    public async Task A_refusal_shows_no_confirmation()
    {
        await ShopperAsync();
        var bowl = await ItemAsync("Bowl", stock: 3);
        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);

        page.Find("input[data-testid=add-quantity]").Change("5");
        page.Find("button[data-testid=add-to-cart]").Click();

        page.WaitForAssertion(() => Assert.Equal("Only 3 of Bowl left.", page.Find("[data-testid=add-error]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll(".mud-snackbar"));
        Assert.Empty(page.FindAll($"[data-sku='{bowl.Sku}'] [data-testid=add-done]"));
    }
}
