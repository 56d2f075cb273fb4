using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Images.Processing;
using Portal.Engine.Imaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Images;

namespace Portal.Tests.Features.Images;

/// <summary>
/// The gallery follows each image's processing live: the worker's handler runs on the outbox's batch (as another process
/// would), and its status events reach the open page through the live stream, with no reload.
/// </summary>
public sealed class ImagesLiveTests : ImageTestContext
{
    private ImageProcessingHandler Handler => new(Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
        Services.GetRequiredService<CustomerImageSpaces>(), Services.GetRequiredService<ImageProcessor>(),
        Options.Create(new ImageProcessingOptions()), TimeProvider.System, NullLogger<ImageProcessingHandler>.Instance);

    /// <summary>The worker's turn: the handler invoked with every images event of the outbox; then what it wrote, as live events.</summary>
    private async Task<List<LiveEvent>> WorkerRunsAsync()
    {
        await using var db = Database.NewContext();
        var before = await OutboxBatches.LastSequenceAsync(db);
        var response = await Handler.HandleAsync(await OutboxBatches.ImagesAsync(db), CancellationToken.None);
        Assert.Empty(response.BatchItemFailures);
        return await OutboxBatches.LiveAsync(db, before);
    }

    private static string Status(IRenderedComponent<ImagePageHost> page) => Text(page, "image-status");

    [Fact]
    public async Task An_uploaded_image_turns_Ready_live_without_a_reload()
    {
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);
        Assert.Equal(1, Live.Subscribers);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Jpeg(400, 300), "holiday.jpg", contentType: "image/jpeg"));
        page.WaitForAssertion(() => Assert.Equal("Uploaded", Status(page)), Patience);
        Assert.NotNull(page.Find("[data-testid=image-working]"));

        var written = await WorkerRunsAsync();
        Assert.Equal([typeof(ImageProcessingStarted), typeof(ImageProcessed)], written.Select(e => e.Event.GetType()));
        Assert.Equal("Uploaded", Status(page)); // the page is not polling: it changes when the stream says so

        await Live.PushAsync(written);

        page.WaitForAssertion(() => Assert.Equal("Ready", Status(page)), Patience);
        var stored = Assert.Single(await StoredImagesAsync());
        Assert.Equal($"/img/{stored.ThumbnailKey}", page.Find("[data-testid=image-thumbnail]").GetAttribute("src"));
        Assert.Equal("JPEG", Text(page, "image-format"));
        Assert.Equal(stored.DominantColor, page.Find("[data-testid=image-colour]").GetAttribute("data-colour"));
        Assert.Empty(page.FindAll("[data-testid=image-working]"));
    }

    [Fact]
    public async Task A_failed_image_shows_why_live_and_Retry_sends_it_back_to_the_worker()
    {
        var image = await UploadedAsync(name: "broken.jpg");
        await Space.PutAsync(image.OriginalKey, new MemoryStream(Jpeg(10, 10)), "image/jpeg"); // no longer the bytes uploaded
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => Assert.Equal("Uploaded", Status(page)), Patience);

        await Live.PushAsync(await WorkerRunsAsync());

        page.WaitForAssertion(() => Assert.Equal("Failed", Status(page)), Patience);
        Assert.Contains("SHA-256", Text(page, "image-error"));
        page.Find("[data-testid=image-retry]").Click();

        page.WaitForAssertion(() => Assert.Equal("Uploaded", Status(page)), Patience);
        Assert.Empty(page.FindAll("[data-testid=image-retry]"));
        Assert.Equal(ImageStatus.Uploaded, Assert.Single(await StoredImagesAsync()).Status);
    }

    [Fact]
    public async Task Tags_written_after_the_image_turned_Ready_appear_live_as_chips()
    {
        await UploadedAsync(name: "poppy.jpg");
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => Assert.Equal("Uploaded", Status(page)), Patience);
        await Live.PushAsync(await WorkerRunsAsync());
        page.WaitForAssertion(() => Assert.Equal("Ready", Status(page)), Patience);
        Assert.Empty(page.FindAll("[data-testid=image-tag]"));

        // The tagger's write, as another process makes it: the tags and their event in one transaction.
        await using var db = Database.NewContext();
        var before = await OutboxBatches.LastSequenceAsync(db);
        var image = Assert.Single(await StoredImagesAsync());
        db.ImageTags.Add(new Portal.Engine.Models.Predictions.ImageTag
        {
            ImageId = image.Id, Label = "red", Probability = 0.9f, Endpoint = "colour-tags", ModelVersionId = 1, CreatedAt = DateTime.UtcNow,
        });
        Portal.Engine.Messaging.OutboxWriter.Enqueue(db, new ImageTagged(image.Id, UserId, ["red"], 1), DateTime.UtcNow);
        await db.SaveChangesAsync();
        Assert.Empty(page.FindAll("[data-testid=image-tag]")); // not polling

        await Live.PushAsync(await OutboxBatches.LiveAsync(db, before));

        page.WaitForAssertion(() => Assert.Equal("red", page.Find("[data-testid=image-tag]").GetAttribute("data-label")), Patience);
    }

    [Fact]
    public async Task Another_customers_image_events_do_not_touch_the_gallery()
    {
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);
        var theirs = await UploadedAsync(name: "theirs.jpg", owner: Guid.NewGuid().ToString());

        await Live.PushAsync(await WorkerRunsAsync());

        Assert.NotNull(page.Find("[data-testid=images-empty]"));
        Assert.Equal(ImageStatus.Ready, (await Library.FindAsync(theirs.OwnerUserId, theirs.Id))!.Status);
    }

    [Fact]
    public async Task Leaving_the_page_stops_listening()
    {
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => Assert.Equal(1, Live.Subscribers), Patience);

        await DisposeComponentsAsync();

        Assert.Equal(0, Live.Subscribers);
    }
}
