using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Engine.Identity;
using Portal.Engine.Imaging.Formats;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Catalog;

/// <summary>An item's photo over the catalog API: upload, the public photoUrl, refusals, replacement and removal.</summary>
public sealed class CatalogPhotoApiTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private static object NewItem(string sku, decimal price = 12.5m) =>
        new { sku, name = $"Api {sku}", category = "Prints", price, weightGrams = 300, stock = 7 };

    private async Task<JsonElement> CreateAsync(string sku, decimal price = 12.5m)
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var response = await sales.PostAsJsonAsync("/api/catalog", NewItem(sku, price));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status) => Problems.ReadAsync(response, status);

    [Fact]
    public async Task Put_photo_gives_the_item_a_public_photoUrl_that_serves_the_scaled_image()
    {
        var created = await CreateAsync("PHOTO-1");
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(JsonValueKind.Null, created.GetProperty("photoUrl").ValueKind);
        var sales = await app.ClientForAsync(Roles.Sales);

        var response = await sales.PutAsync($"/api/catalog/{id}/photo?version=0", JpegBody());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = await response.Content.ReadFromJsonAsync<JsonElement>();
        var photoUrl = item.GetProperty("photoUrl").GetString()!;
        Assert.Matches($"^/catalog-img/fit-in/300x300/products/{id}-[0-9a-f]{{32}}\\.jpg$", photoUrl);
        Assert.Equal(1, item.GetProperty("version").GetInt64());

        var anonymous = SignedInClient.Anonymous(app.Factory);
        Assert.Equal(photoUrl, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/catalog/{id}")).GetProperty("photoUrl").GetString());
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/catalog?search=PHOTO-1");
        Assert.Equal(photoUrl, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("photoUrl").GetString());

        var image = await anonymous.GetAsync(photoUrl);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.StartsWith("image/", image.Content.Headers.ContentType!.MediaType);
        var header = ImageHeader.Read(await image.Content.ReadAsByteArrayAsync());
        Assert.Equal((300, 225), (header!.Value.Width, header.Value.Height));
    }

    [Fact]
    public async Task Photo_upload_needs_sales_and_a_bad_file_is_400_at_the_photo_field()
    {
        var id = (await CreateAsync("PHOTO-2")).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedInClient.Anonymous(app.Factory).PutAsync($"/api/catalog/{id}/photo", JpegBody())).StatusCode);
        var customer = await app.ClientForAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PutAsync($"/api/catalog/{id}/photo", JpegBody())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.DeleteAsync($"/api/catalog/{id}/photo")).StatusCode);

        var sales = await app.ClientForAsync(Roles.Sales);
        var svg = new StringContent("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>", Encoding.UTF8, "image/svg+xml");
        var problem = await ProblemAsync(await sales.PutAsync($"/api/catalog/{id}/photo", svg), HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors").GetProperty("Photo")[0].GetString();
        Assert.Contains("SVG", error);

        var item = await SignedInClient.Anonymous(app.Factory).GetFromJsonAsync<JsonElement>($"/api/catalog/{id}");
        Assert.Equal(JsonValueKind.Null, item.GetProperty("photoUrl").ValueKind);
        Assert.Equal(0, item.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await sales.PutAsync("/api/catalog/999999/photo", JpegBody())).StatusCode);
    }

    [Fact]
    public async Task Replacing_and_removing_the_photo_retire_the_old_public_url()
    {
        var id = (await CreateAsync("PHOTO-3")).GetProperty("id").GetInt32();
        var sales = await app.ClientForAsync(Roles.Sales);
        var anonymous = SignedInClient.Anonymous(app.Factory);
        var first = (await (await sales.PutAsync($"/api/catalog/{id}/photo", JpegBody())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photoUrl").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(first)).StatusCode);

        var stale = await sales.PutAsync($"/api/catalog/{id}/photo?version=0", JpegBody(100, 100));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var second = (await (await sales.PutAsync($"/api/catalog/{id}/photo?version=1", JpegBody(100, 100))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photoUrl").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);

        var removed = await sales.DeleteAsync($"/api/catalog/{id}/photo");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photoUrl").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(second)).StatusCode);

        var history = await sales.GetFromJsonAsync<JsonElement>($"/api/catalog/{id}/history");
        var actions = history.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(2, actions.Count(a => a == "Photo changed"));
        Assert.Contains("Photo removed", actions);
    }

    private static ByteArrayContent JpegBody(int width = 640, int height = 480)
    {
        using var bitmap = TestImages.Photo(width, height);
        var content = new ByteArrayContent(TestImages.Jpeg(bitmap));
        content.Headers.ContentType = new("image/jpeg");
        return content;
    }
}
