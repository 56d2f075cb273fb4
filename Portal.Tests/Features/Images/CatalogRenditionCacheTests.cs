using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>
/// /catalog-img is public: it keeps in the store only the renditions the portal's own pages ask for, or signed ones,
/// so anonymous callers cannot grow the catalog space by asking for endless variants.
/// </summary>
public sealed class CatalogRenditionCacheTests
{
    private static async Task<CustomerImageSpace> ProductAsync(PortalAppFactory factory, string key)
    {
        var space = factory.Services.GetRequiredService<CustomerImageSpaces>().For("catalog");
        using var bitmap = TestImages.Photo(400, 400);
        await space.PutAsync(key, new MemoryStream(TestImages.Jpeg(bitmap)), "image/jpeg");
        return space;
    }

    [Fact]
    public async Task Anonymous_variants_are_answered_but_only_the_portals_own_sizes_are_kept()
    {
        using var factory = new PortalAppFactory();
        const string key = "products/flood.jpg";
        var space = await ProductAsync(factory, key);
        var anonymous = SignedInClient.Anonymous(factory);

        for (var width = 1; width <= 20; width++)
        {
            var response = await anonymous.GetAsync($"/catalog-img/{width}x1/{key}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("miss", response.Headers.GetValues(ImageHandler.CacheStatusHeader).Single());
        }
        Assert.Empty((await space.ListAsync($"cache/{key}/")).Objects);

        foreach (var size in CatalogPhotos.RenditionSizes)
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(CatalogPhotos.Url(key, size, size))).StatusCode);
        Assert.Equal(CatalogPhotos.RenditionSizes.Count, (await space.ListAsync($"cache/{key}/")).Objects.Count);
        var repeat = await anonymous.GetAsync(CatalogPhotos.Url(key, CatalogPhotos.PhotoSize, CatalogPhotos.PhotoSize));
        Assert.Equal("hit", repeat.Headers.GetValues(ImageHandler.CacheStatusHeader).Single());
    }

    [Fact]
    public async Task With_signed_urls_every_signed_variant_is_kept()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Imaging:Handler:SigningSecret"] = "a-signing-secret-of-some-length" });
        const string key = "products/signed.jpg";
        var space = await ProductAsync(factory, key);
        var signer = factory.Services.GetRequiredService<ImageUrlSigner>();

        var response = await SignedInClient.Anonymous(factory).GetAsync(signer.Sign($"/catalog-img/fit-in/123x45/{key}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await space.ListAsync($"cache/{key}/")).Objects);
    }
}
