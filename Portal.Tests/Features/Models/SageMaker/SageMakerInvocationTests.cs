using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Models.Embeddings;
using Portal.Tests.Engine.Models.Registry;

namespace Portal.Tests.Features.Models.SageMaker;

/// <summary>
/// InvokeEndpoint over HTTP with raw signed requests: the answer for product-photo keys, and SageMaker's error for
/// every hostile input (never a 500).
/// </summary>
public sealed class SageMakerInvocationTests(SageMakerApp app) : IClassFixture<SageMakerApp>
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(type, response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(type, body.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        return body;
    }

    [Fact]
    public async Task Product_photo_keys_get_their_top_labels_with_the_model_version_in_the_headers()
    {
        using var response = await app.InvokeAsync("product-category", "application/json", Utf8(JsonSerializer.Serialize(new { keys = app.PhotoKeys })));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(app.Version.Version.ToString(), response.Headers.GetValues("X-Amzn-Invoked-Production-Variant").Single());
        Assert.Equal($"product-category/{app.Version.Version}", response.Headers.GetValues("X-Portal-Model-Version").Single());
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(("product-category", app.Version.Version), (body.GetProperty("model").GetString(), body.GetProperty("version").GetInt32()));
        var results = body.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(app.PhotoKeys, results.Select(r => r.GetProperty("key").GetString()));
        Assert.Equal(["bags", "mugs"], results.Select(r => r.GetProperty("predictions")[0].GetProperty("label").GetString()));
        Assert.All(results, r => Assert.Equal(1.0, r.GetProperty("predictions").EnumerateArray().Sum(p => p.GetProperty("probability").GetDouble()), 3));
    }

    [Fact]
    public async Task A_plain_JSON_list_of_keys_works_too()
    {
        using var response = await app.InvokeAsync("product-category", "application/json; charset=utf-8", Utf8(JsonSerializer.Serialize(app.PhotoKeys.Take(1))));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("bags", JsonDocument.Parse(text).RootElement.GetProperty("predictions")[0].GetProperty("predictions")[0].GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("text/plain", "hello", "Content type")]
    [InlineData(null, "hello", "Content type")]
    [InlineData("application/octet-stream", "\u00ff\u00d8", "Content type")]
    [InlineData("image/jpeg", "", "empty")]
    [InlineData("application/json", "", "empty")]
    [InlineData("application/json", "{\"keys\": [", "not valid JSON")]
    [InlineData("application/json", "{\"photos\": []}", "must be")]
    [InlineData("application/json", "42", "must be")]
    [InlineData("application/json", "[]", "empty")]
    [InlineData("application/json", "[1, 2]", "non-empty string")]
    [InlineData("application/json", "[\"customers/u1/original/x.jpg\"]", "not one you may read")]
    [InlineData("application/json", "[\"products/999999-nothing.jpg\"]", "not the photo of any catalog item")]
    [InlineData("application/json", "[\"../products/x.jpg\"]", "not one you may read")]
    public async Task Bad_bodies_and_content_types_are_ValidationErrors(string? contentType, string body, string expected)
    {
        using var response = await app.InvokeAsync("product-category", contentType, Utf8(body));
        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Contains(expected, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Too_many_keys_and_a_body_over_the_limit_are_ValidationErrors()
    {
        var keys = Enumerable.Repeat(app.PhotoKeys[0], 17);
        using (var response = await app.InvokeAsync("product-category", "application/json", Utf8(JsonSerializer.Serialize(keys))))
            Assert.Contains("At most 16", (await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError")).GetProperty("message").GetString());

        var huge = new byte[SageMakerApp.MaxInvocationBytes + 1];
        huge[0] = 0xFF; huge[1] = 0xD8;
        using (var response = await app.InvokeAsync("product-category", "image/jpeg", huge))
            Assert.Contains("Models:MaxInvocationBytes", (await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError")).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46 })] // a JPEG cut off after its first bytes
    [InlineData("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData("image/webp", new byte[] { 1, 2, 3 })]
    public async Task Bytes_that_are_not_an_image_are_refused_without_a_500(string contentType, byte[] body)
    {
        using var response = await app.InvokeAsync("product-category", contentType, body);
        if (app.Factory.Services.GetService<IImageEmbedder>() is null)
            await ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"); // this build has no embedder
        else
            Assert.Contains("not an image", (await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError")).GetProperty("message").GetString());
    }

    public static TheoryData<string, byte[]> HugeImages() => new()
    {
        { "image/png", Portal.Tests.Engine.Imaging.TestImages.PngDeclaring(100_000, 100_000) },
        { "image/png", Portal.Tests.Engine.Imaging.TestImages.PngDeclaring(30_000, 30_000) },
        { "image/jpeg", Portal.Tests.Engine.Models.Embeddings.ResNetInputTests.GifDeclaring(65_535, 65_535) }, // a GIF, whatever the type says
    };

    [Theory]
    [MemberData(nameof(HugeImages))]
    public async Task An_image_declaring_huge_dimensions_is_a_ValidationError_naming_the_pixel_limit(string contentType, byte[] body)
    {
        using var response = await app.InvokeAsync("product-category", contentType, body);
        if (app.Factory.Services.GetService<IImageEmbedder>() is null)
            await ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        else
            Assert.Contains("limit is 100,000,000 pixels", (await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError")).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_truncated_PNG_is_answered_or_a_ValidationError_never_a_500()
    {
        var png = Portal.Tests.Engine.Imaging.TestImages.Png(Portal.Tests.Engine.Imaging.TestImages.Photo(320, 240));
        foreach (var length in new[] { 20, 40, png.Length / 2 })
        {
            using var response = await app.InvokeAsync("product-category", "image/png", png[..length]);
            if (response.StatusCode != HttpStatusCode.OK) await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError");
        }
    }

    [Fact]
    public async Task A_photo_is_embedded_and_answered_and_a_truncated_one_is_never_a_500()
    {
        var jpeg = SageMakerApp.Jpeg();
        using (var response = await app.InvokeAsync("product-category", "image/jpeg", jpeg))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal(app.Version.Version.ToString(), response.Headers.GetValues("X-Amzn-Invoked-Production-Variant").Single());
            var predictions = JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray().ToList();
            Assert.Equal(TrainedModels.Labels.Order(), predictions.Select(p => p.GetProperty("label").GetString()).Order());
            Assert.Equal(1.0, predictions.Sum(p => p.GetProperty("probability").GetDouble()), 3);
        }
        using (var response = await app.InvokeAsync("product-category", "image/jpeg", jpeg[..(jpeg.Length / 2)]))
        {
            // A decoder may show what arrived of a cut-off JPEG (an answer) or refuse it (ValidationError); never a 500.
            if (response.StatusCode != HttpStatusCode.OK) await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError");
        }
    }

    [Fact]
    public async Task An_unknown_endpoint_is_SageMaker_s_not_found_ValidationError_and_a_bad_name_fails_its_pattern()
    {
        var keys = Utf8(JsonSerializer.Serialize(app.PhotoKeys));
        using (var response = await app.InvokeAsync("no-such-endpoint", "application/json", keys))
            Assert.Equal("Endpoint no-such-endpoint of account portal not found.", (await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError")).GetProperty("message").GetString());
        // SageMaker runtime's own pattern allows '--' (so such a name is simply not found); '_' fails it.
        using (var response = await app.InvokeAsync("bad--name", "application/json", keys))
            Assert.Equal("Endpoint bad--name of account portal not found.", (await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError")).GetProperty("message").GetString());
        using (var response = await app.InvokeAsync("bad_name", "application/json", keys))
            Assert.Contains("regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", (await ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError")).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_model_that_cannot_load_is_a_ModelError_424()
    {
        using var response = await app.InvokeAsync("broken", "application/json", Utf8(JsonSerializer.Serialize(app.PhotoKeys)));
        var error = await ErrorAsync(response, HttpStatusCode.FailedDependency, "ModelError");
        Assert.Equal(500, error.GetProperty("OriginalStatusCode").GetInt32());
        Assert.Contains("missing", error.GetProperty("OriginalMessage").GetString());
    }

    [Fact]
    public async Task An_endpoint_serving_a_version_of_another_embedding_model_is_a_ModelError_not_predictions()
    {
        using (var response = await app.InvokeAsync("other-embedder", "application/json", Utf8(JsonSerializer.Serialize(app.PhotoKeys))))
        {
            var error = await ErrorAsync(response, HttpStatusCode.FailedDependency, "ModelError");
            var message = error.GetProperty("OriginalMessage").GetString();
            Assert.Contains($"trained on {SageMakerApp.ForeignEmbeddingModel} embeddings", message);
            Assert.Contains("embeds images with resnet18-v1", message);
            Assert.False(response.Headers.Contains("X-Amzn-Invoked-Production-Variant"));
        }
        using (var image = await app.InvokeAsync("other-embedder", "image/jpeg", SageMakerApp.Jpeg()))
            await ErrorAsync(image, HttpStatusCode.FailedDependency, "ModelError");
    }

    [Fact]
    public async Task Unsigned_wrong_service_and_wrong_secret_requests_get_AWS_s_authentication_errors()
    {
        var keys = Utf8(JsonSerializer.Serialize(app.PhotoKeys));
        using (var response = await app.InvokeAsync("product-category", "application/json", keys, sign: false))
            await ErrorAsync(response, HttpStatusCode.BadRequest, "MissingAuthenticationTokenException");
        using (var response = await app.InvokeAsync("product-category", "application/json", keys, service: "athena"))
            await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidSignatureException");
        using (var response = await app.InvokeAsync("product-category", "application/json", keys, secret: "not-the-secret"))
            await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidSignatureException");
    }
}
