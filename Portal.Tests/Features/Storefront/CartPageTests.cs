using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Customers;
using Portal.Engine.Identity;
using Portal.Engine.Ordering;
using Portal.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Storefront;

/// <summary>The cart page: totals with the member discount, per-line problems, quantity edits, checkout.</summary>
public sealed class CartPageTests() : CommerceTestContext(Roles.Customer, "customer@portal.local")
{
    [Fact]
    public async Task Cart_shows_subtotal_member_discount_total_and_weight()
    {
        await ShopperAsync(tier: MembershipTier.Gold);
        var poster = await ItemAsync("Poster", price: 19.99m, grams: 450);
        var card = await ItemAsync("Card", price: 5.00m, grams: 100);
        await Cart.AddAsync(UserId, poster.Id, 2);
        await Cart.AddAsync(UserId, card.Id, 1);

        var page = RenderPage<CartPage>();
        page.WaitForElement("[data-testid=checkout]", Patience);

        Assert.Equal(2, page.FindAll("[data-testid=cart-line]").Count);
        Assert.Equal("44.98 EUR", Text(page, "summary-subtotal"));
        Assert.Equal("Member discount (Gold, 10 %)", Text(page, "summary-discount-label"));
        Assert.Equal("−4.50 EUR", Text(page, "summary-discount"));
        Assert.Equal("40.48 EUR", Text(page, "summary-total"));
        Assert.Equal("1.0 kg", Text(page, "summary-weight"));
        Assert.Equal("3", Text(page, "cart-count"));
        Assert.False(page.Find("[data-testid=checkout]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=line-problem]"));
    }

    [Fact]
    public async Task Without_an_active_membership_there_is_no_discount_line()
    {
        await ShopperAsync(tier: MembershipTier.Gold, status: MembershipStatus.Expired);
        var poster = await ItemAsync("Poster", price: 19.99m);
        await Cart.AddAsync(UserId, poster.Id, 1);

        var page = RenderPage<CartPage>();
        page.WaitForElement("[data-testid=checkout]", Patience);

        Assert.Empty(page.FindAll("[data-testid=summary-discount]"));
        Assert.Equal("19.99 EUR", Text(page, "summary-total"));
    }

    [Fact]
    public async Task A_sold_out_line_is_marked_and_checkout_is_disabled()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Poster", stock: 5);
        var frame = await ItemAsync("Frame", stock: 5);
        await Cart.AddAsync(UserId, poster.Id, 1);
        await Cart.AddAsync(UserId, frame.Id, 3);
        await SetStockAsync(poster.Id, 0);
        await SetStockAsync(frame.Id, 2);

        var page = RenderPage<CartPage>();
        page.WaitForElement("[data-testid=checkout]", Patience);

        var problems = page.FindAll("[data-testid=cart-line]")
            .ToDictionary(l => l.GetAttribute("data-sku")!, l => l.QuerySelector("[data-testid=line-problem]")?.TextContent.Trim());
        Assert.Equal("Sold out", problems[poster.Sku]);
        Assert.Equal("Only 2 left", problems[frame.Sku]);
        Assert.True(page.Find("[data-testid=checkout]").HasAttribute("disabled"));
        Assert.Contains("cannot be bought as they are", Text(page, "checkout-blocked"));
    }

    [Fact]
    public async Task Removing_the_problem_line_enables_checkout()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Poster", stock: 5);
        var frame = await ItemAsync("Frame", stock: 5);
        await Cart.AddAsync(UserId, poster.Id, 1);
        await Cart.AddAsync(UserId, frame.Id, 1);
        await SetStockAsync(poster.Id, 0);
        var page = RenderPage<CartPage>();
        page.WaitForElement("[data-testid=checkout]", Patience);
        Assert.True(page.Find("[data-testid=checkout]").HasAttribute("disabled"));

        page.Find($"[data-sku='{poster.Sku}']").Closest("tr")!.QuerySelector("button[data-testid=line-remove]")!.Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=cart-line]")), Patience);
        Assert.False(page.Find("[data-testid=checkout]").HasAttribute("disabled"));
        Assert.Equal([frame.Id], (await Cart.GetAsync(UserId)).Lines.Select(l => l.CatalogItemId));
    }

    [Fact]
    public async Task A_quantity_the_cart_refuses_is_explained_at_the_field_and_a_good_one_is_saved()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Poster", price: 10m, stock: 3);
        await Cart.AddAsync(UserId, poster.Id, 1);
        var page = RenderPage<CartPage>();
        page.WaitForElement("[data-testid=line-quantity]", Patience);

        page.Find("[data-testid=line-quantity]").Change("5");
        page.WaitForAssertion(() => Assert.Equal("Only 3 of Poster left.", FieldError(page, "line-quantity")), Patience);

        page.Find("[data-testid=line-quantity]").Change("0");
        page.WaitForAssertion(() => Assert.Equal("Choose at least 1, or remove the item.", FieldError(page, "line-quantity")), Patience);

        page.Find("[data-testid=line-quantity]").Change("two");
        page.WaitForAssertion(() => Assert.Equal("Enter a whole number.", FieldError(page, "line-quantity")), Patience);
        Assert.Equal(1, (await Cart.GetAsync(UserId)).Lines.Single().Quantity);

        page.Find("[data-testid=line-quantity]").Change("3");
        page.WaitForAssertion(() => Assert.Equal("30.00 EUR", Text(page, "summary-total")), Patience);
        Assert.Equal("", FieldError(page, "line-quantity"));
        Assert.Equal(3, (await Cart.GetAsync(UserId)).Lines.Single().Quantity);
    }

    [Fact]
    public async Task Checkout_leads_to_the_checkout_steps()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Poster", stock: 5);
        await Cart.AddAsync(UserId, poster.Id, 2);
        var page = RenderPage<CartPage>();
        page.WaitForElement("[data-testid=checkout]", Patience);
        Assert.Equal("/shop/checkout", page.Find("[data-testid=checkout]").GetAttribute("href"));

    }

    [Fact]
    public async Task An_empty_cart_says_so_and_offers_the_shop()
    {
        await ShopperAsync();

        var page = RenderPage<CartPage>();

        page.WaitForAssertion(() => Assert.Contains("Your cart is empty.", Text(page, "cart-empty")), Patience);
        Assert.Empty(page.FindAll("[data-testid=checkout]"));
    }
}
