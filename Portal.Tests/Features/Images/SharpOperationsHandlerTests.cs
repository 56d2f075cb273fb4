using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>The sharp operations through <c>/img</c>: applied together in one request, or refused with the handler's JSON error.</summary>
public sealed class SharpOperationsHandlerTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Fact]
    public async Task All_the_sharp_operations_together_make_an_image()
    {
        var client = await app.ClientForAsync(Roles.Customer);
        var key = await UploadAsync();
        var edits = """
            {"trim":{"threshold":5},"resize":{"width":40,"height":30,"position":"entropy"},"rotate":90,"extend":{"top":2,"bottom":2,"background":"#ff0000"},
             "median":3,"convolve":{"width":3,"height":3,"kernel":[0,-1,0,-1,5,-1,0,-1,0]},"recomb":[[0.9,0.1,0],[0,1,0],[0,0.1,0.9]],
             "modulate":{"brightness":1.1,"saturation":0.8,"hue":30},"gamma":2.2,"linear":1.05,"clahe":{"width":8,"height":8},"normalise":true,
             "affine":[1,0,0,1],"ensureAlpha":1,"removeAlpha":true,"toFormat":"png"}
            """;
        var response = await client.GetAsync("/img/" + Request(key, edits));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var pixels = TestImages.Decode(await response.Content.ReadAsByteArrayAsync());
        // sharp: resized to 40x30, turned to 30x40, cropped to the asked 40 wide x 30 high (30x30), then 2 px added above and below
        Assert.Equal((30, 34), (pixels.Width, pixels.Height));
    }

    [Theory]
    [InlineData("""{"median":0}""")]
    [InlineData("""{"modulate":{"hue":"red"}}""")]
    [InlineData("""{"convolve":{"width":3,"height":3,"kernel":[1]}}""")]
    [InlineData("""{"extractChannel":"alpha"}""")] // a JPEG has no alpha: refused when drawn
    [InlineData("""{"toColourspace":"cmyk"}""")]
    public async Task A_bad_value_is_the_handlers_400(string edits)
    {
        var client = await app.ClientForAsync(Roles.Customer);
        var key = await UploadAsync();

        var response = await client.GetAsync("/img/" + Request(key, edits));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Equal(ImageErrorCodes.InvalidEdit, json.GetProperty("code").GetString());
    }

    private static string Request(string key, string edits) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"key":"{{key}}","edits":{{edits}}}"""));

    private async Task<string> UploadAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(Roles.Customer).Email);
        using var bitmap = TestImages.Photo(64, 48);
        var result = await scope.ServiceProvider.GetRequiredService<ImageLibrary>().UploadAsync(user!.Id, "operations.jpg", new MemoryStream(TestImages.Jpeg(bitmap)));
        Assert.True(result.Succeeded, result.Error);
        return result.Image!.OriginalKey;
    }
}
