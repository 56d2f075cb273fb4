using System.Text.Json;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Images;

public sealed class SqliteImageDeadLetterTests() : ImageDeadLetterTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageDeadLetterTests() : ImageDeadLetterTests(DatabaseOptions.Postgres);

/// <summary>Regressions: records skipped after a failure are reported, and images whose events went to the dead letters fail
/// with the reason (and can be retried) instead of waiting for ever.</summary>
public abstract class ImageDeadLetterTests(string provider) : ImageWorkerSuite(provider)
{
    [SkippableFact]
    public async Task Records_after_a_failed_one_in_its_partition_are_reported_failed_too_and_dead_lettered_images_fail_with_the_reason()
    {
        await ArrangeAsync();
        var first = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 48)), Alice, "first.jpg");
        var second = await UploadAsync(TestImages.Jpeg(TestImages.Photo(80, 60)), Alice, "second.jpg");
        FailReadsOf = Alice.Replace("-", ""); // the store is unreachable for Alice's originals

        await using var db = Database.NewContext();
        var batch = await OutboxBatches.ImagesAsync(db);
        var response = await Handler.HandleAsync(batch, CancellationToken.None);

        // Both uploads are on one partition: the second was not tried, and it is reported so the worker does not commit past it.
        Assert.Equal(batch.Records.Select(r => r.Record.Offset), response.BatchItemFailures.Select(f => f.Offset));
        Assert.Contains("earlier image", response.BatchItemFailures[1].Error);
        Assert.Equal(ImageStatus.Processing, (await StoredAsync(first.Id)).Status);
        Assert.Equal(ImageStatus.Uploaded, (await StoredAsync(second.Id)).Status);

        // Retries ran out: the worker dead-letters both and tells the handler.
        var mark = await LastSequenceAsync();
        await Handler.OnDeadLetteredAsync([.. batch.Records.Zip(response.BatchItemFailures, (r, f) => new DeadLetteredRecord(r, f.Error))],
            CancellationToken.None);

        foreach (var image in new[] { first, second })
        {
            var failed = await StoredAsync(image.Id);
            Assert.Equal(ImageStatus.Failed, failed.Status);
            Assert.StartsWith("The image could not be processed: ", failed.Error);
        }
        var processed = (await OutboxAsync(mark)).Select(m => JsonSerializer.Deserialize<ImageProcessed>(m.Payload, EventCatalog.Json)!).ToList();
        Assert.Equal([first.Id, second.Id], processed.Select(p => p.ImageId));
        Assert.All(processed, p => Assert.False(p.Ready));

        // Told again (a redelivered batch dead-lettered twice): nothing changes; the customer's Retry works.
        var after = await LastSequenceAsync();
        await Handler.OnDeadLetteredAsync([new DeadLetteredRecord(batch.Records[0], "again")], CancellationToken.None);
        Assert.Empty(await OutboxAsync(after));
        FailReadsOf = null;
        Assert.True(await Library.RetryAsync(Alice, first.Id));
        await HandleOutboxAsync(after);
        Assert.Equal(ImageStatus.Ready, (await StoredAsync(first.Id)).Status);
    }
}
