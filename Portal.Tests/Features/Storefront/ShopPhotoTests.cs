using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Identity;
using Portal.Features.Storefront;

namespace Portal.Tests.Features.Storefront;

/// <summary>
/// Product photos in the shop: cards and the item page show the public 300x300 rendition, cart and order
/// lines and the orders list the 48x48 one, or a placeholder.
/// </summary>
public sealed class ShopPhotoTests() : CommerceTestContext(Roles.Customer, "customer@portal.local")
{
    private async Task<CatalogItem> WithPhotoAsync(CatalogItem item)
    {
        await using var db = Database.NewContext();
        var stored = await db.CatalogItems.SingleAsync(i => i.Id == item.Id);
        stored.PhotoKey = $"products/{item.Id}-0123456789abcdef0123456789abcdef.jpg";
        await db.SaveChangesAsync();
        return stored;
    }

    [Fact]
    public async Task Shop_cards_show_the_photo_lazily_with_the_item_name_as_alt_text_and_a_placeholder_without_one()
    {
        await ShopperAsync();
        var poster = await WithPhotoAsync(await ItemAsync("Atlas poster"));
        var plain = await ItemAsync("Bare bowl");

        var page = RenderPage<ShopHome>();
        page.WaitForElement("[data-testid=shop-item]", Patience);

        var photo = page.Find($"[data-testid=shop-item][data-sku='{poster.Sku}'] img[data-testid=shop-item-photo]");
        Assert.Equal($"/catalog-img/fit-in/300x300/{poster.PhotoKey}", photo.GetAttribute("src"));
        Assert.Equal("Atlas poster", photo.GetAttribute("alt"));
        Assert.Equal("lazy", photo.GetAttribute("loading"));
        var plainCard = page.Find($"[data-testid=shop-item][data-sku='{plain.Sku}']");
        Assert.Null(plainCard.QuerySelector("img"));
        Assert.Equal("No photo of Bare bowl", plainCard.QuerySelector("[data-testid=shop-item-photo-none]")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task The_item_page_shows_the_photo()
    {
        await ShopperAsync();
        var poster = await WithPhotoAsync(await ItemAsync("Atlas poster"));

        var page = RenderPage<ShopItemPage>(p => p.Add(i => i.Id, poster.Id));
        var photo = page.WaitForElement("img[data-testid=item-photo]", Patience);

        Assert.Equal($"/catalog-img/fit-in/300x300/{poster.PhotoKey}", photo.GetAttribute("src"));
        Assert.Equal("Atlas poster", photo.GetAttribute("alt"));
        Assert.Equal("lazy", photo.GetAttribute("loading"));
    }

    private static string Thumbnail(string photoKey) => $"/catalog-img/fit-in/48x48/{photoKey}";

    [Fact]
    public async Task Cart_lines_show_each_items_thumbnail_or_a_placeholder()
    {
        await ShopperAsync();
        var poster = await WithPhotoAsync(await ItemAsync("Atlas poster"));
        var plain = await ItemAsync("Bare bowl");
        Assert.Null(await Cart.AddAsync(UserId, poster.Id, 1));
        Assert.Null(await Cart.AddAsync(UserId, plain.Id, 2));

        var cart = await Cart.GetAsync(UserId);

        var lines = Render<CartLines>(p => p.Add(c => c.Cart, cart).Add(c => c.UserId, UserId));

        var photo = lines.WaitForElement($"[data-testid=cart-line][data-sku='{poster.Sku}'] img[data-testid=line-photo-image]", Patience);
        Assert.Equal(Thumbnail(poster.PhotoKey!), photo.GetAttribute("src"));
        Assert.Equal("Atlas poster", photo.GetAttribute("alt"));
        var none = lines.WaitForElement($"[data-testid=cart-line][data-sku='{plain.Sku}'] [data-testid=line-photo-image-none]", Patience);
        Assert.Equal("No photo of Bare bowl", none.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Order_lines_and_the_orders_list_show_the_items_thumbnails()
    {
        await ShopperAsync();
        var poster = await WithPhotoAsync(await ItemAsync("Atlas poster"));
        var orderId = await PaidOrderAsync(UserId, poster, 2);

        var order = await StoredOrderAsync(orderId);

        var lines = Render<OrderLinesTable>(p => p.Add(t => t.Order, order));
        var linePhoto = lines.WaitForElement("[data-testid=order-line] img[data-testid=line-photo-image]", Patience);
        Assert.Equal(Thumbnail(poster.PhotoKey!), linePhoto.GetAttribute("src"));
        Assert.Equal("Atlas poster", Text(lines, "order-line"));

        var orders = RenderPage<OrdersPage>();
        var rowPhoto = orders.WaitForElement("[data-testid=orders-row-photos] img[data-testid=line-photo-image]", Patience);
        Assert.Equal(Thumbnail(poster.PhotoKey!), rowPhoto.GetAttribute("src"));
    }

    [Fact]
    public async Task A_line_whose_item_is_gone_shows_the_placeholder()
    {
        await ShopperAsync();

        var photo = Render<LinePhoto>(p => p.Add(l => l.ItemId, 987654).Add(l => l.Name, "Old poster"));

        photo.WaitForAssertion(() => Assert.Equal("No photo of Old poster",
            photo.Find("[data-testid=line-photo-image-none]").GetAttribute("aria-label")), Patience);
    }
}
