using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Images.Processing;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Images;

public sealed class SqliteImageDeadLetterRetryTests() : ImageDeadLetterRetryTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageDeadLetterRetryTests() : ImageDeadLetterRetryTests(DatabaseOptions.Postgres);

/// <summary>
/// An administrator's retry of an images-processing dead letter processes the image again: the dead-lettering failed the image,
/// and the retry of that very event takes it Failed → Processing → Ready (through the worker's dead-letter retry path).
/// </summary>
public abstract class ImageDeadLetterRetryTests(string provider) : ImageWorkerSuite(provider)
{
    [SkippableFact]
    public async Task An_admin_retry_of_the_dead_letter_that_failed_an_image_makes_it_Ready()
    {
        await ArrangeAsync();
        var image = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 48)), Alice, "held.jpg");
        FailReadsOf = Alice.Replace("-", ""); // the store is unreachable for Alice's originals
        var events = NewTopics();
        var log = await EmbeddedLogs.OpenAsync(Database);
        await PublishOutboxAsync(log, events);
        var options = Options(o => o.MaximumRetryAttempts = 1);
        var monitor = Monitor([Handler], log, Database, events, options);

        await using (Start(Handler, log, Database, events, options))
        {
            await UntilAsync(async () => (await StoredAsync(image.Id)).Status == ImageStatus.Failed, "the retries ran out and the image failed");
            var letter = Assert.Single(await DeadLettersAsync(Database));
            Assert.Equal(EventCatalog.TypeOf<ImageUploaded>(), letter.Type);

            // Retrying while the store is still down: it fails again and stays a dead letter; the image is not left Failed for good.
            Assert.True(await monitor.RetryAsync(letter.Id, "admin@portal.local"));
            await UntilAsync(async () => (await DeadLettersAsync(Database)).Single().Attempts > letter.Attempts, "the first retry failed again");

            // The store is back: the next retry processes the image.
            FailReadsOf = null;
            Assert.True(await monitor.RetryAsync(letter.Id, "admin@portal.local"));
            await UntilAsync(async () => (await StoredAsync(image.Id)).Status == ImageStatus.Ready, "the retried image is Ready");
            await UntilAsync(async () => (await DeadLettersAsync(Database)).Count == 0, "the dead letter left the list");
        }

        var ready = await StoredAsync(image.Id);
        Assert.Null(ready.Error);
        Assert.NotNull(ready.WebKey);
        var statuses = (await OutboxAsync()).Where(m => m.Subject == $"images/{image.Id:N}").Select(m => m.Type).ToList();
        Assert.Equal([EventCatalog.TypeOf<ImageUploaded>(), EventCatalog.TypeOf<ImageProcessingStarted>(), EventCatalog.TypeOf<ImageProcessed>(),
            EventCatalog.TypeOf<ImageProcessingStarted>(), EventCatalog.TypeOf<ImageProcessed>()], statuses);
        await using var db = Database.NewContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.EntityType == PipelineMonitor.DeadLetterEntity && a.Action == "Retry"));

        // Delivered again after all that (a redelivery): the inbox keeps it Ready, nothing is processed twice.
        var after = await LastSequenceAsync();
        var uploaded = (await OutboxBatches.ImagesAsync(db)).Records.Where(r => r.Event is ImageUploaded).ToList();
        Assert.Equal(BatchResponse.Success, await Handler.HandleAsync(new EventBatch(uploaded), CancellationToken.None));
        Assert.Empty(await OutboxAsync(after));
        Assert.Equal(ImageStatus.Ready, (await StoredAsync(image.Id)).Status);
    }

    private async Task PublishOutboxAsync(EmbeddedEventLog log, EventsOptions events)
    {
        await using var db = Database.NewContext();
        var rows = await db.OutboxMessages.Where(m => db.OutboxPending.Any(p => p.Sequence == m.Sequence)).OrderBy(m => m.Sequence).ToListAsync();
        await log.PublishAsync(rows.Select(m => CloudEventHeaders.ToMessage(OutboxWriter.Envelope(m, events.Source), events.TopicOf(m.Family))).ToList());
    }
}
