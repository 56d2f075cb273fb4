using Bunit;
using Microsoft.AspNetCore.Components;
using Portal.Engine.Identity;
using Portal.Engine.Messaging.Events;
using Portal.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Storefront;

/// <summary>The shop's streaming data: what a shopper views, searches and adds to the cart goes to the outbox as activity events.</summary>
public sealed class ShopActivityTests() : CommerceTestContext(Roles.Customer, "customer@portal.local")
{
    [Fact]
    public async Task Viewing_an_item_and_adding_it_to_the_cart_are_recorded_for_the_shopper()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Atlas poster", stock: 40);
        var page = RenderPage<ShopItemPage>(p => p.Add(i => i.Id, poster.Id));
        page.WaitForElement("button[data-testid=add-to-cart]", Patience);

        page.Find("button[data-testid=add-to-cart]").Click();

        page.WaitForAssertion(() => Assert.Equal("1", Text(page, "cart-count")), Patience);
        var recorded = (await OutboxEvents.ReadAsync(Database)).Where(e => EventCatalog.Describe(e).Family == EventFamilies.Activity);
        Assert.Equal<IIntegrationEvent>([new ProductViewed(UserId, UserId, poster.Id), new AddedToCart(UserId, UserId, poster.Id, 1)], recorded);
    }

    [Fact]
    public async Task A_prerendered_item_page_records_no_view()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Atlas poster", stock: 40);
        SetRendererInfo(new RendererInfo("Static", isInteractive: false)); // the prerender of InteractiveServer

        var page = RenderPage<ShopItemPage>(p => p.Add(i => i.Id, poster.Id));
        page.WaitForElement("button[data-testid=add-to-cart]", Patience);

        Assert.Empty(await OutboxEvents.ReadAsync<ProductViewed>(Database));
    }

    [Fact]
    public async Task A_view_is_recorded_once_per_item_however_often_the_parameters_are_set()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Atlas poster", stock: 40);
        var frame = await ItemAsync("Oak frame");
        var page = RenderPage<ShopItemPage>(p => p.Add(i => i.Id, poster.Id));
        page.WaitForElement("button[data-testid=add-to-cart]", Patience);
        var item = page.FindComponent<ShopItemPage>();

        item.Render(p => p.Add(i => i.Id, poster.Id));
        item.Render(p => p.Add(i => i.Id, poster.Id));
        item.Render(p => p.Add(i => i.Id, frame.Id)); // another item: another view
        page.WaitForAssertion(() => Assert.Contains("Oak frame", page.Markup), Patience);

        Assert.Equal([new ProductViewed(UserId, UserId, poster.Id), new ProductViewed(UserId, UserId, frame.Id)],
            await OutboxEvents.ReadAsync<ProductViewed>(Database));
    }

    [Fact]
    public async Task A_search_is_recorded_once_with_its_result_count()
    {
        await ShopperAsync();
        await ItemAsync("Oak frame");
        await ItemAsync("Pine frame");
        await ItemAsync("Poster");
        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);

        page.Find("input[data-testid=shop-search]").Input("frame");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=shop-item]").Count), Patience);

        Assert.Equal([new SearchMade(UserId, UserId, "frame", 2)], await OutboxEvents.ReadAsync<SearchMade>(Database));
    }
}
