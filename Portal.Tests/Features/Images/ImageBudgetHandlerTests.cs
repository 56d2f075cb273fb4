using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>The app with one anonymous slot, no anonymous queue and a low anonymous cost limit.</summary>
public sealed class TightBudgetAppFixture() : PortalAppFixture(new Dictionary<string, string?>
{
    ["Imaging:Budget:Anonymous:MaxConcurrent"] = "1",
    ["Imaging:Budget:Anonymous:QueueLimit"] = "0",
    ["Imaging:Budget:Anonymous:MaxCost"] = "1",
    ["RateLimits:Enabled"] = "false",
});

/// <summary>
/// The work budget through the image endpoints: an anonymous request over its cost limit and one that finds the anonymous
/// slots taken are the handler's JSON errors, while signed-in users and the portal's own renditions are still served.
/// The anonymous slot is held by the test itself, through the app's <see cref="ImageWorkBudget"/>.
/// </summary>
public sealed class ImageBudgetHandlerTests(TightBudgetAppFixture app) : IClassFixture<TightBudgetAppFixture>
{
    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private async Task<string> ProductPhotoAsync(string name)
    {
        var key = $"products/{name}.jpg";
        var space = app.Factory.Services.GetRequiredService<CustomerImageSpaces>().For(ImagesComposition.CatalogSpace);
        using var bitmap = TestImages.Photo(400, 300);
        await space.PutAsync(key, new MemoryStream(TestImages.Jpeg(bitmap)), "image/jpeg");
        return key;
    }

    [Fact]
    public async Task An_anonymous_request_over_the_cost_limit_is_the_handlers_413_and_the_same_request_signed_in_is_served()
    {
        var key = await ProductPhotoAsync("blurred");
        var url = "/catalog-img/" + Base64(JsonSerializer.Serialize(new { key, edits = new { blur = 100 } }));

        var refused = await SignedInClient.Anonymous(app.Factory).GetAsync(url);
        var json = await AssertHandlerErrorAsync(refused, 413, ImageErrorCodes.TooExpensive);
        Assert.Contains("blur 100", json.GetProperty("message").GetString());

        var customer = await app.ClientForAsync(Roles.Customer);
        var served = await customer.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task With_the_anonymous_slots_held_anonymous_requests_are_busy_and_signed_in_and_portal_work_is_served()
    {
        var key = await ProductPhotoAsync("busy");
        var variant = $"/catalog-img/fit-in/90x90/{key}"; // not a size the portal asks for: not cached, processed every time
        var anonymous = SignedInClient.Anonymous(app.Factory);
        var customer = await app.ClientForAsync(Roles.Customer);
        var own = await UploadAsync(Roles.Customer);
        var budget = app.Factory.Services.GetRequiredService<ImageWorkBudget>();
        Assert.Equal(1, budget.SlotsOf(ImageCaller.Anonymous));

        using (await budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None))
        {
            var busy = await anonymous.GetAsync(variant);
            await AssertHandlerErrorAsync(busy, 503, ImageErrorCodes.Busy);
            Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta); // the anonymous queue time-out

            Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync(variant)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/img/fit-in/90x90/{own}")).StatusCode);
            // The sizes the portal's pages show are its own work, whoever asks for them.
            var portalSize = await anonymous.GetAsync(CatalogPhotos.Url(key, CatalogPhotos.PhotoSize, CatalogPhotos.PhotoSize));
            Assert.Equal(HttpStatusCode.OK, portalSize.StatusCode);
            Assert.Equal("miss", portalSize.Headers.GetValues(ImageHandler.CacheStatusHeader).Single());
            var processor = app.Factory.Services.GetRequiredService<ImageProcessor>();
            var thumbnail = await processor.ProcessAsync(TestImages.Jpeg(TestImages.Photo(300, 200)), ImageProcessingTests.Request("""{"resize":{"width":60}}"""));
            Assert.Equal(60, thumbnail.Width);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(variant)).StatusCode);
    }

    private async Task<string> UploadAsync(string role)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(role).Email);
        using var bitmap = TestImages.Photo(300, 200);
        var result = await scope.ServiceProvider.GetRequiredService<ImageLibrary>().UploadAsync(user!.Id, "budget.jpg", new MemoryStream(TestImages.Jpeg(bitmap)));
        Assert.True(result.Succeeded, result.Error);
        return result.Image!.OriginalKey;
    }

    private static async Task<JsonElement> AssertHandlerErrorAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["code", "message", "status"], json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal((status, code), (json.GetProperty("status").GetInt32(), json.GetProperty("code").GetString()));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return json;
    }
}
