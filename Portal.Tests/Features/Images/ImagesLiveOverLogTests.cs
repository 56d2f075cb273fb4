using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Images.Processing;
using Portal.Engine.Imaging;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Images;
using Portal.Tests.Engine.Messaging.Live;
using Portal.Tests.Engine.Messaging.Log;

namespace Portal.Tests.Features.Images;

/// <summary>
/// The gallery turns Ready through the real pipeline pieces: the outbox rows published to the embedded log (as the relay
/// does), the handler invoked with the batch (as the worker does), and the page hearing the status events from the log
/// through the live feed (as on any instance), with no reload.
/// </summary>
public sealed class ImagesLiveOverLogTests : ImageTestContext
{
    private long _published;
    private LiveEventFeed? _feed;

    // The page resolves its live stream when it first renders, by which time the test has started the feed.
    protected override ILiveEvents LiveStream => _feed ?? throw new InvalidOperationException("Start the feed before rendering.");

    /// <summary>The relay's step: every outbox row not yet published goes to its family's topic, in sequence order.</summary>
    private async Task RelayAsync(IEventLog log)
    {
        await using var db = Database.NewContext();
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.Sequence > _published).OrderBy(m => m.Sequence).ToListAsync();
        var events = new EventsOptions();
        await log.PublishAsync(rows.Select(r => CloudEventHeaders.ToMessage(OutboxWriter.Envelope(r, events.Source), events.TopicOf(r.Family))).ToList());
        if (rows.Count > 0) _published = rows[^1].Sequence;
    }

    [Fact]
    public async Task An_uploaded_image_turns_Ready_live_through_the_log()
    {
        var log = await EmbeddedLogs.OpenAsync(Database);
        using var feed = _feed = await LiveTesting.Feed(log).StartedAsync();
        var handler = new ImageProcessingHandler(Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            Services.GetRequiredService<CustomerImageSpaces>(), Services.GetRequiredService<ImageProcessor>(),
            Options.Create(new ImageProcessingOptions()), TimeProvider.System, NullLogger<ImageProcessingHandler>.Instance);
        try
        {
            var page = RenderPage<ImagesHome>();
            page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);

            page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Jpeg(400, 300), "holiday.jpg", contentType: "image/jpeg"));
            page.WaitForAssertion(() => Assert.Equal("Uploaded", Text(page, "image-status")), Patience);
            await RelayAsync(log);

            await using (var db = Database.NewContext())
                Assert.Empty((await handler.HandleAsync(await OutboxBatches.ImagesAsync(db), CancellationToken.None)).BatchItemFailures);
            Assert.Equal("Uploaded", Text(page, "image-status")); // written, not yet published: the page has heard nothing
            await RelayAsync(log);

            page.WaitForAssertion(() => Assert.Equal("Ready", Text(page, "image-status")), Patience);
            var stored = Assert.Single(await StoredImagesAsync());
            Assert.Equal($"/img/{stored.ThumbnailKey}", page.Find("[data-testid=image-thumbnail]").GetAttribute("src"));
        }
        finally
        {
            await feed.StopAsync(CancellationToken.None);
        }
    }
}
