using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>
/// Damaged TIFF, AVIF and SVG objects in a customer's space, asked for in both request forms with edits: a 4xx in Serverless
/// Image Handler's {status, code, message}, the status in the body the response's, never a 5xx.
/// </summary>
public sealed class MalformedSourceOverHttpTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private static IEnumerable<(string Name, byte[] Bytes)> Sources()
    {
        var tiff = VipsSourceImages.Tiff(TestImages.Quadrants(64, 48));
        var tiffMm = VipsSourceImages.Tiff(TestImages.Quadrants(64, 48), bigEndian: true);
        var avif = VipsSourceImages.Avif(TestImages.Quadrants(64, 48));
        var svg = VipsSourceImages.Svg(64, 48, "<rect width=\"64\" height=\"48\" fill=\"red\"/><circle cx=\"32\" cy=\"24\" r=\"9\"/>");
        var farIfd = (byte[])tiffMm.Clone();
        farIfd[4] = 0x7F;
        yield return ("tiff-half", tiff[..(tiff.Length / 2)]);
        yield return ("tiff-20-bytes", tiff[..20]);
        yield return ("tiff-mm-far-ifd", farIfd);
        yield return ("tiff-garbage", [.. "II*\0"u8, .. Enumerable.Range(0, 300).Select(i => (byte)(i * 37))]);
        yield return ("avif-half", avif[..(avif.Length / 2)]);
        yield return ("avif-to-ispe", avif[..avif.AsSpan().IndexOf("ispe"u8)]);
        yield return ("avif-header-only", avif[..32]);
        yield return ("svg-half", svg[..(svg.Length / 2)]);
        yield return ("svg-garbage", [.. "<svg "u8, .. Enumerable.Range(0, 300).Select(i => (byte)(i * 53))]);
        yield return ("svg-no-size", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"></svg>"));
    }

    [Fact]
    public async Task Damaged_tiff_avif_and_svg_sources_are_a_4xx_in_the_handlers_json()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(Roles.Customer).Email))!.Id;
        var space = scope.ServiceProvider.GetRequiredService<CustomerImageSpaces>().For(owner);
        var client = await app.ClientForAsync(Roles.Customer);
        foreach (var (name, bytes) in Sources())
        {
            var key = $"malformed/{name}";
            await space.PutAsync(key, new MemoryStream(bytes), "application/octet-stream");
            var json = JsonSerializer.Serialize(new { key, edits = new { resize = new { width = 10 } } });
            foreach (var path in new[] { $"filters:grayscale()/{key}", Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) })
            {
                var response = await client.GetAsync("/img/" + path);
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(status is >= 400 and < 500, $"{name} ({path}): {status} {text}");
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                var body = JsonDocument.Parse(text).RootElement;
                Assert.Equal(status, body.GetProperty("status").GetInt32());
                Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("code").GetString()), name);
                Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()), name);
            }
        }
    }
}
