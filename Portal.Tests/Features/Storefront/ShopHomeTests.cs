using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Customers;
using Portal.Engine.Identity;
using Portal.Features.Storefront;

namespace Portal.Tests.Features.Storefront;

/// <summary>The shop's landing page: what is on sale with its stock, adding to the cart, membership.</summary>
public sealed class ShopHomeTests() : CommerceTestContext(Roles.Customer, "customer@portal.local")
{
    private static string[] Names(IRenderedComponent<PageHost> page) =>
        page.FindAll("[data-testid=shop-item-name]").Select(e => e.TextContent.Trim()).ToArray();

    private static AngleSharp.Dom.IElement Card(IRenderedComponent<PageHost> page, string sku) => page.Find($"[data-testid=shop-item][data-sku='{sku}']");

    [Fact]
    public async Task Lists_only_active_items_with_their_stock_state_and_membership()
    {
        await ShopperAsync(tier: MembershipTier.Gold);
        var plenty = await ItemAsync("Atlas", price: 12.5m, stock: 40);
        var few = await ItemAsync("Bowl", stock: 3);
        var none = await ItemAsync("Cup", stock: 0);
        await ItemAsync("Dusty", active: false);

        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);

        Assert.Equal("Shop", Text(page, "landing-title"));
        Assert.Equal(["Atlas", "Bowl", "Cup"], Names(page));
        Assert.Equal("In stock", Card(page, plenty.Sku).QuerySelector("[data-testid=stock-state]")!.TextContent.Trim());
        Assert.Equal("Only 3 left", Card(page, few.Sku).QuerySelector("[data-testid=stock-state]")!.TextContent.Trim());
        Assert.Equal("Sold out", Card(page, none.Sku).QuerySelector("[data-testid=stock-state]")!.TextContent.Trim());
        Assert.True(Card(page, none.Sku).QuerySelector("button[data-testid=add-to-cart]")!.HasAttribute("disabled"));
        Assert.Equal("12.50 EUR", Card(page, plenty.Sku).QuerySelector("[data-testid=shop-item-price]")!.TextContent.Trim());
        Assert.Equal("Gold", Text(page, "membership-tier"));
        Assert.Contains("10 % off every order", Text(page, "membership-discount"));
    }

    [Fact]
    public async Task Adding_to_the_cart_updates_the_cart_and_a_refusal_is_shown_on_the_item()
    {
        await ShopperAsync();
        var plenty = await ItemAsync("Atlas", stock: 40);
        var few = await ItemAsync("Bowl", stock: 3);
        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);
        Assert.Equal("0", Text(page, "cart-count"));

        Card(page, plenty.Sku).QuerySelector("button[data-testid=add-to-cart]")!.Click();
        page.WaitForAssertion(() => Assert.Equal("1", Text(page, "cart-count")), Patience);
        Assert.Equal("Added 1 to your cart. View cart", Card(page, plenty.Sku).QuerySelector("[data-testid=add-done]")!.TextContent.Trim());

        Card(page, few.Sku).QuerySelector("input[data-testid=add-quantity]")!.Change("5");
        Card(page, few.Sku).QuerySelector("button[data-testid=add-to-cart]")!.Click();
        page.WaitForAssertion(() => Assert.Equal("Only 3 of Bowl left.", Card(page, few.Sku).QuerySelector("[data-testid=add-error]")?.TextContent.Trim()), Patience);
        Assert.Equal("1", Text(page, "cart-count"));
        Assert.Equal([plenty.Id], (await Cart.GetAsync(UserId)).Lines.Select(l => l.CatalogItemId));
    }

    [Fact]
    public async Task An_item_priced_in_another_currency_than_the_cart_is_refused_on_the_item()
    {
        await ShopperAsync();
        var atlas = await ItemAsync("Atlas", stock: 40);
        var lamp = await ItemAsync("Lamp", stock: 40);
        await using (var db = Database.NewContext())
            await db.CatalogItems.Where(i => i.Id == lamp.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Currency, "USD"));
        await Cart.AddAsync(UserId, atlas.Id, 1);
        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);

        Card(page, lamp.Sku).QuerySelector("button[data-testid=add-to-cart]")!.Click();

        page.WaitForAssertion(() => Assert.Equal("Your cart is in EUR and Lamp is priced in USD: check out or empty your cart before adding items in USD.",
            Card(page, lamp.Sku).QuerySelector("[data-testid=add-error]")?.TextContent.Trim()), Patience);
        Assert.Equal("1", Text(page, "cart-count"));
        Assert.Equal([atlas.Id], (await Cart.GetAsync(UserId)).Lines.Select(l => l.CatalogItemId));
    }

    [Fact]
    public async Task Search_category_and_price_sort_are_applied()
    {
        await ShopperAsync();
        await ItemAsync("Oak frame", price: 30m, category: "Frames");
        await ItemAsync("Pine frame", price: 15m, category: "Frames");
        await ItemAsync("Poster", price: 5m, category: "Prints");
        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);

        page.Find("input[data-testid=shop-search]").Input("frame");
        page.WaitForAssertion(() => Assert.Equal(["Oak frame", "Pine frame"], Names(page)), Patience);

        page.Find("input[data-testid=shop-search]").Input("nothing like this");
        page.WaitForAssertion(() => Assert.Contains("No items match", Text(page, "shop-empty")), Patience);
        page.Find("[data-testid=shop-clear]").Click();
        page.WaitForAssertion(() => Assert.Equal(["Oak frame", "Pine frame", "Poster"], Names(page)), Patience);

        var browser = page.FindComponent<ShopBrowser>();
        var toolbar = page.FindComponent<ShopToolbar>();
        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(toolbar.Instance.Filter with { Sort = ShopSort.PriceAscending }));
        page.WaitForAssertion(() => Assert.Equal(["Poster", "Pine frame", "Oak frame"], Names(page)), Patience);
        Assert.NotNull(browser);
    }

    [Fact]
    public async Task An_item_page_shows_name_price_weight_stock_and_description()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Poster", price: 9.9m, stock: 2, grams: 1500);

        var page = RenderPage<ShopItemPage>(p => p.Add(i => i.Id, poster.Id));
        page.WaitForElement("[data-testid=item-details]", Patience);
        Assert.Equal("Poster", Text(page, "page-title"));
        Assert.Equal("9.90 EUR", Text(page, "item-price"));
        Assert.Equal("Weight 1.5 kg", Text(page, "item-weight"));
        Assert.Equal("Only 2 left", Text(page, "stock-state"));
        Assert.Equal("All about Poster.", Text(page, "item-description"));
        Assert.Empty(page.FindAll("[data-testid=item-not-found]"));
    }

    [Fact]
    public async Task An_item_page_of_an_item_no_longer_sold_says_not_found()
    {
        await ShopperAsync();
        var hidden = await ItemAsync("Hidden", active: false);

        var missing = RenderPage<ShopItemPage>(p => p.Add(i => i.Id, hidden.Id));
        missing.WaitForAssertion(() => Assert.Contains("no longer sold", Text(missing, "item-not-found")), Patience);
        Assert.DoesNotContain("All about Hidden", missing.Markup);
    }
}
