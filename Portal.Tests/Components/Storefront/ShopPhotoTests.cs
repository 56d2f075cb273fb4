using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Identity;
using Portal.Features.Storefront;

namespace Portal.Tests.Components.Storefront;

/// <summary>Product photos in the shop: cards and the item page show the public 300x300 rendition, or a placeholder.</summary>
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
}
