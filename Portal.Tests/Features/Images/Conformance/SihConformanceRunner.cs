using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Features.Images;
using SkiaSharp;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>
/// Runs every case of <see cref="SihConformanceCases"/> that the portal answers (the same as SIH, or differently on purpose)
/// through one image endpoint over HTTP, and checks the answer the case records.
/// </summary>
public abstract class SihConformanceRunner(SihConformanceApps apps, string endpoint)
{
    [Theory]
    [MemberData(nameof(SihConformanceCases.RunnableIds), MemberType = typeof(SihConformanceCases))]
    public async Task Answers_as_the_conformance_table_records(string id)
    {
        var @case = SihConformanceCases.ById(id);
        var (client, bucket) = await apps.ClientAsync(@case.Request!.App, endpoint);

        var (response, body) = await SendAsync(client, bucket, @case.Request);

        var what = $"{id} {@case.Request}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}";
        switch (@case.Expected)
        {
            case Refusal refusal:
                var text = Encoding.UTF8.GetString(body);
                Assert.True(refusal.Status == (int)response.StatusCode, $"{what} {text}");
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                var json = JsonDocument.Parse(text).RootElement;
                Assert.Equal(refusal.Status, json.GetProperty("status").GetInt32());
                Assert.True(refusal.Code == json.GetProperty("code").GetString(), $"{what} {text}");
                if (refusal.Message is not null) Assert.Equal(refusal.Message, json.GetProperty("message").GetString());
                break;
            case Picture picture:
                Assert.True(picture.Status == 200 ? response.IsSuccessStatusCode : (int)response.StatusCode == picture.Status, $"{what} {Encoding.UTF8.GetString(body)}");
                Assert.True(picture.Type == response.Content.Headers.ContentType?.MediaType, what);
                using (var bitmap = SihLooks.Decode(body) ?? throw new InvalidOperationException($"{what}: not an image"))
                {
                    Assert.True(Math.Abs(bitmap.Width - picture.Width) <= picture.SizeTolerance && Math.Abs(bitmap.Height - picture.Height) <= picture.SizeTolerance,
                        $"{what}: {bitmap.Width}x{bitmap.Height}, expected {picture.Width}x{picture.Height}");
                    var answer = new SihAnswer(response, body, bitmap, endpoint == "/catalog-img",
                        async other => (await SendAsync((await apps.ClientAsync(other.App, endpoint)).Client, bucket, other)).Body);
                    foreach (var look in picture.Looks)
                        Assert.True(await look.Holds(answer), $"{what}: not {look.Description}");
                }
                break;
            default:
                throw new InvalidOperationException($"{id} has nothing to check");
        }
    }

    private async Task<(HttpResponseMessage Response, byte[] Body)> SendAsync(HttpClient client, string bucket, SihRequest request)
    {
        var path = "/" + request.PathFor(bucket);
        var query = request.Query?.Replace("{signature}", ImageUrlSigner.Signature(SihConformanceApps.SigningSecret, path));
        using var message = new HttpRequestMessage(HttpMethod.Get, endpoint + path + (query is null ? "" : "?" + query));
        if (request.Accept is not null) message.Headers.Accept.ParseAdd(request.Accept);
        else message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
        var response = await client.SendAsync(message);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }
}

[Collection(SihConformanceCollection.Name)]
public sealed class SihConformanceOnImgTests(SihConformanceApps apps) : SihConformanceRunner(apps, "/img");

[Collection(SihConformanceCollection.Name)]
public sealed class SihConformanceOnCatalogImgTests(SihConformanceApps apps) : SihConformanceRunner(apps, "/catalog-img");
