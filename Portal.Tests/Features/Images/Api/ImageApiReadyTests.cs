using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Engine.Images.Processing;
using Portal.Tests.Engine.Images;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Features.Images.Api.ImageApiClients;

namespace Portal.Tests.Features.Images.Api;

/// <summary>
/// What the API tells once the image worker has processed an upload: metadata and the standard renditions. The app's own
/// image handler is invoked with the app's real outbox rows, as the batch worker would.
/// </summary>
public sealed class ImageApiReadyTests(ImageApiApp app) : IClassFixture<ImageApiApp>
{
    private async Task ProcessUploadsAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var response = await scope.ServiceProvider.GetRequiredService<ImageProcessingHandler>().HandleAsync(await OutboxBatches.ImagesAsync(db), CancellationToken.None);
        Assert.Empty(response.BatchItemFailures);
    }

    [Fact]
    public async Task Once_Ready_an_image_has_metadata_and_its_standard_renditions_download()
    {
        var customer = await NewCustomerAsync(app.Factory);
        var upload = await customer.Client.PostAsync("/api/images", Form(Jpeg(320, 200)));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var accepted = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Uploaded", accepted.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("metadata").ValueKind);
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("thumbnailUrl").ValueKind);
        var id = accepted.GetProperty("id").GetGuid();
        await Problems.ReadAsync(await customer.Client.GetAsync($"/api/images/{id}/thumbnail"), HttpStatusCode.NotFound);

        await ProcessUploadsAsync();

        var ready = await customer.Client.GetFromJsonAsync<JsonElement>(upload.Headers.Location);
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        var metadata = ready.GetProperty("metadata");
        Assert.Equal(("jpeg", 320, 200), (metadata.GetProperty("format").GetString(), metadata.GetProperty("width").GetInt32(), metadata.GetProperty("height").GetInt32()));
        Assert.Matches("^#[0-9a-f]{6}$", metadata.GetProperty("dominantColor").GetString());
        Assert.Matches("^[0-9a-f]{16}$", metadata.GetProperty("perceptualHash").GetString());
        foreach (var link in new[] { "thumbnailUrl", "webUrl" })
        {
            var rendition = await customer.Client.GetAsync(ready.GetProperty(link).GetString());
            Assert.Equal(HttpStatusCode.OK, rendition.StatusCode);
            Assert.Equal("image/webp", rendition.Content.Headers.ContentType?.MediaType);
        }

        var stranger = await NewCustomerAsync(app.Factory);
        await Problems.ReadAsync(await stranger.Client.GetAsync($"/api/images/{id}/web"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retry_is_for_failed_images_only_and_another_users_is_404()
    {
        var customer = await NewCustomerAsync(app.Factory);
        var upload = await customer.Client.PostAsync("/api/images", Form(Jpeg()));
        var url = upload.Headers.Location!.OriginalString;

        var problem = await Problems.ReadAsync(await customer.Client.PostAsync($"{url}/retry", null), HttpStatusCode.Conflict);
        Assert.Contains("only a Failed image", problem.GetProperty("detail").GetString());
        var stranger = await NewCustomerAsync(app.Factory);
        await Problems.ReadAsync(await stranger.Client.PostAsync($"{url}/retry", null), HttpStatusCode.NotFound);
    }
}
