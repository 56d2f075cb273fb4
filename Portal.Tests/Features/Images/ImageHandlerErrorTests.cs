using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>
/// Every refusal of the image endpoints is the handler's JSON, <c>{"status","code","message"}</c>, with the status in the
/// body equal to the response's: never HTML, never a 500 for what the client sent.
/// </summary>
public sealed class ImageHandlerErrorTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string, int, string> BadRequests() => new()
    {
        { "/img", 400, ImageErrorCodes.RequestTypeError },
        { "/img/", 400, ImageErrorCodes.RequestTypeError },
        { "/img//", 400, ImageErrorCodes.RequestTypeError },
        { "/catalog-img", 400, ImageErrorCodes.RequestTypeError },
        { "/catalog-img/", 400, ImageErrorCodes.RequestTypeError },
        { "/img/eyJub3QganNvbg", 400, ImageErrorCodes.CannotDecodeRequest }, // base64 of bad JSON
        { "/img/eyJrZXkiOiJh", 400, ImageErrorCodes.CannotDecodeRequest }, // base64 cut short
        { "/img/" + Base64("[1,2,3]"), 400, ImageErrorCodes.CannotDecodeRequest },
        { "/img/" + Base64("""{"edits":{"grayscale":true}}"""), 400, ImageErrorCodes.CannotDecodeRequest }, // no key
        { "/img/" + Base64("""{"key":"../../etc/passwd"}"""), 400, ImageErrorCodes.RequestTypeError },
        { "/img/" + Base64("""{"key":"originals/a.jpg","edits":{"resize":{"width":-5}}}"""), 400, ImageErrorCodes.InvalidResize },
        { "/img/" + Base64("""{"key":"originals/a.jpg","edits":{"blur":5000}}"""), 400, ImageErrorCodes.InvalidEdit },
        { "/img/" + Base64("""{"key":"originals/a.jpg","outputFormat":"bmp"}"""), 400, ImageErrorCodes.UnsupportedOutputFormat },
        { "/img/" + Base64("""{"bucket":"someone-else","key":"originals/a.jpg"}"""), 403, ImageErrorCodes.CannotAccessBucket },
        { "/img/fit-in/100x100/filters:nope(1)/originals/missing.jpg", 404, ImageErrorCodes.NoSuchKey }, // unknown filters are ignored, as SIH does
        { "/img/filters:quality(500)/originals/missing.jpg", 400, ImageErrorCodes.InvalidEdit },
        { "/img/filters:format(raw)/originals/missing.jpg", 400, ImageErrorCodes.UnsupportedOutputFormat }, // SIH names it; not written here
        { "/img/filters:format(bmp)/originals/missing.jpg", 404, ImageErrorCodes.NoSuchKey }, // a format SIH's mapper does not name is ignored there too
        { "/img/999999x100/originals/missing.jpg", 404, ImageErrorCodes.NoSuchKey }, // the source is looked up first; sizes of real images below
        { "/img/99999999999999999999x1/originals/missing.jpg", 404, ImageErrorCodes.NoSuchKey }, // not a size (over 6 digits): part of the key
        { "/img/fit-in/100x100/originals/..%2F..%2Fsecret.jpg", 400, ImageErrorCodes.RequestTypeError },
        { "/img/fit-in/100x100/originals/a%01b.jpg", 400, ImageErrorCodes.RequestTypeError },
        { "/img/" + new string('a', 5000), 400, ImageErrorCodes.RequestTypeError },
        { "/img/fit-in/100x100/originals/missing.jpg", 404, ImageErrorCodes.NoSuchKey },
        { "/catalog-img/eyJub3QganNvbg", 400, ImageErrorCodes.CannotDecodeRequest },
        { "/catalog-img/fit-in/10x10/products/none.jpg", 404, ImageErrorCodes.NoSuchKey },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_the_handlers_json_error_with_its_status(string path, int status, string code)
    {
        var client = await app.ClientForAsync(Roles.Customer);

        var response = await client.GetAsync(path);

        await AssertHandlerErrorAsync(response, status, code);
    }

    [Theory]
    [InlineData("/img/999999x100/{0}")]
    [InlineData("/img/fit-in/100000x100000/{0}")]
    [InlineData("/img/-999999x-999999/{0}")]
    public async Task Huge_sizes_of_a_real_image_are_the_handlers_400(string template)
    {
        var client = await app.ClientForAsync(Roles.Customer);
        var key = await UploadAsync(Roles.Customer);

        await AssertHandlerErrorAsync(await client.GetAsync(string.Format(template, key)), 400, ImageErrorCodes.InvalidResize);
    }

    [Theory]
    [InlineData(2147483647, 1)]
    [InlineData(1, 2147483647)]
    public async Task Huge_sizes_in_the_json_form_are_the_handlers_400(int width, int height)
    {
        var client = await app.ClientForAsync(Roles.Customer);
        var key = await UploadAsync(Roles.Customer);
        var json = JsonSerializer.Serialize(new { key, edits = new { resize = new { width, height } } });

        await AssertHandlerErrorAsync(await client.GetAsync("/img/" + Base64(json)), 400, ImageErrorCodes.InvalidResize);
    }

    [Theory]
    [InlineData(Roles.Logistics)]
    [InlineData(Roles.Analyst)]
    public async Task A_signed_in_role_outside_the_images_area_gets_the_handlers_403(string role)
    {
        var client = await app.ClientForAsync(role);

        await AssertHandlerErrorAsync(await client.GetAsync("/img/fit-in/100x100/originals/any.jpg"), 403, ImageHandler.NotAnImageOwner);
        await AssertHandlerErrorAsync(await client.GetAsync("/img"), 403, ImageHandler.NotAnImageOwner);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/img/fit-in/100x100/originals/any.jpg"));
        Assert.Equal(HttpStatusCode.Forbidden, head.StatusCode);
        // Product photos stay public for every role.
        await AssertHandlerErrorAsync(await client.GetAsync("/catalog-img/fit-in/10x10/products/none.jpg"), 404, ImageErrorCodes.NoSuchKey);
    }

    [Theory]
    [InlineData(Roles.Customer)]
    [InlineData(Roles.Sales)]
    [InlineData(Roles.Admin)]
    public async Task The_roles_of_the_images_area_reach_the_handler(string role)
    {
        var client = await app.ClientForAsync(role);

        await AssertHandlerErrorAsync(await client.GetAsync("/img/fit-in/100x100/originals/missing.jpg"), 404, ImageErrorCodes.NoSuchKey);
    }

    [Fact]
    public async Task Anonymous_img_requests_are_unauthorized_as_before_and_bare_catalog_img_is_the_handlers_400()
    {
        var client = SignedInClient.Anonymous(app.Factory);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/img/fit-in/100x100/originals/any.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/img")).StatusCode);
        await AssertHandlerErrorAsync(await client.GetAsync("/catalog-img"), 400, ImageErrorCodes.RequestTypeError);
    }

    private async Task<string> UploadAsync(string role)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(role).Email);
        using var bitmap = TestImages.Photo(64, 48);
        var result = await scope.ServiceProvider.GetRequiredService<ImageLibrary>().UploadAsync(user!.Id, "sizes.jpg", new MemoryStream(TestImages.Jpeg(bitmap)));
        Assert.True(result.Succeeded, result.Error);
        return result.Image!.OriginalKey;
    }

    private static async Task AssertHandlerErrorAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["code", "message", "status"], json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }
}
