using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Engine.Identity;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Catalog;

/// <summary>
/// With <c>Imaging:Handler:SigningSecret</c> set, the image handler serves only signed URLs, so the
/// catalog API hands out photo URLs signed the same way as the portal's pages (unsigned without a secret:
/// see <see cref="CatalogApiTests"/>).
/// </summary>
public sealed class SignedCatalogPhotoApiTests : IDisposable
{
    private const string Secret = "catalog-photo-signing-secret";
    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?> { ["Imaging:Handler:SigningSecret"] = Secret });

    private static ByteArrayContent JpegBody()
    {
        using var bitmap = TestImages.Photo(640, 480);
        var content = new ByteArrayContent(TestImages.Jpeg(bitmap));
        content.Headers.ContentType = new("image/jpeg");
        return content;
    }

    [Fact]
    public async Task Photo_urls_from_every_catalog_read_carry_a_valid_signature_and_are_served()
    {
        var sales = await SignedInClient.ForRoleAsync(_factory, Roles.Sales);
        var created = await sales.PostAsJsonAsync("/api/catalog", new { sku = "SIGN-1", name = "Signed", category = "Prints", price = 5m, weightGrams = 100, stock = 1 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var withPhoto = await sales.PutAsync($"/api/catalog/{id}/photo?version=0", JpegBody());

        Assert.Equal(HttpStatusCode.OK, withPhoto.StatusCode);
        var photoUrl = (await withPhoto.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photoUrl").GetString()!;
        var match = System.Text.RegularExpressions.Regex.Match(photoUrl, $"^/catalog-img(/fit-in/300x300/products/{id}-[0-9a-f]{{32}}\\.jpg)\\?signature=([0-9a-f]{{64}})$");
        Assert.True(match.Success, photoUrl);
        Assert.Equal(ImageUrlSigner.Signature(Secret, match.Groups[1].Value), match.Groups[2].Value);

        var anonymous = SignedInClient.Anonymous(_factory);
        Assert.Equal(photoUrl, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/catalog/{id}")).GetProperty("photoUrl").GetString());
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/catalog?search=SIGN-1");
        Assert.Equal(photoUrl, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("photoUrl").GetString());
        var stale = await sales.PutAsJsonAsync($"/api/catalog/{id}", new { sku = "SIGN-1", name = "Stale", category = "Prints", price = 5m, weightGrams = 100, stock = 1, version = 0 });
        var conflict = await Problems.ReadAsync(stale, HttpStatusCode.Conflict);
        Assert.Equal(photoUrl, conflict.GetProperty("current").GetProperty("photoUrl").GetString());

        var image = await anonymous.GetAsync(photoUrl);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.StartsWith("image/", image.Content.Headers.ContentType!.MediaType);

        // The handler really checks it: the bare path, or the signature on another size, is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync(photoUrl.Split('?')[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(photoUrl.Replace("300x300", "301x300"))).StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
