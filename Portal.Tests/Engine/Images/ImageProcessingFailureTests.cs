using System.Text.Json;
using Portal.Engine.Images;
using Portal.Engine.Messaging.Events;
using Portal.Tests.Engine.Imaging;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Images;

public sealed class SqliteImageProcessingFailureTests() : ImageProcessingFailureTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageProcessingFailureTests() : ImageProcessingFailureTests(DatabaseOptions.Postgres);

/// <summary>Images that cannot be processed fail with the reason and can be retried; deleted images write ImageDeleted and are left alone.</summary>
public abstract class ImageProcessingFailureTests(string provider) : ImageWorkerSuite(provider)
{
    [SkippableFact]
    public async Task An_original_changed_since_upload_fails_with_the_reason_and_a_retry_processes_it_again()
    {
        await ArrangeAsync();
        var bytes = TestImages.Jpeg(TestImages.Photo(120, 80));
        var image = await UploadAsync(bytes, Alice);
        var space = Spaces.For(Alice);
        await space.PutAsync(image.OriginalKey, new MemoryStream(TestImages.Jpeg(TestImages.Quadrants(120, 80))), "image/jpeg");

        var response = await HandleOutboxAsync();

        Assert.Empty(response.BatchItemFailures); // a permanent failure is the image's state, not the batch's
        var failed = await StoredAsync(image.Id);
        Assert.Equal(ImageStatus.Failed, failed.Status);
        Assert.Contains("SHA-256", failed.Error);
        Assert.Null(failed.ThumbnailKey);
        var processed = JsonSerializer.Deserialize<ImageProcessed>((await OutboxAsync()).Last().Payload, EventCatalog.Json)!;
        Assert.False(processed.Ready);
        Assert.Equal(failed.Error, processed.FailureReason);

        Assert.False(await Library.RetryAsync(Bob, image.Id)); // not Bob's
        await space.PutAsync(image.OriginalKey, new MemoryStream(bytes), "image/jpeg");
        var mark = await LastSequenceAsync();
        Assert.True(await Library.RetryAsync(Alice, image.Id));
        var retried = await StoredAsync(image.Id);
        Assert.Equal((ImageStatus.Uploaded, (string?)null), (retried.Status, retried.Error));
        var claim = Assert.Single(await OutboxAsync(mark));
        Assert.Equal(EventCatalog.TypeOf<ImageUploaded>(), claim.Type);

        await HandleOutboxAsync(mark);

        var ready = await StoredAsync(image.Id);
        Assert.Equal((ImageStatus.Ready, 2, (string?)null), (ready.Status, ready.Attempts, ready.Error));
        Assert.False(await Library.RetryAsync(Alice, image.Id)); // only a Failed image is retried
    }

    [SkippableFact]
    public async Task An_original_missing_from_the_store_fails_with_the_reason()
    {
        await ArrangeAsync();
        var image = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 48)), Alice);
        await Spaces.For(Alice).DeleteAsync(image.OriginalKey);

        await HandleOutboxAsync();

        var failed = await StoredAsync(image.Id);
        Assert.Equal(ImageStatus.Failed, failed.Status);
        Assert.Equal("The original is missing from the store.", failed.Error);
    }

    [SkippableFact]
    public async Task Only_the_record_the_store_could_not_serve_fails_and_the_others_of_the_batch_are_processed()
    {
        await ArrangeAsync();
        var alices = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 48)), Alice);
        var bobs = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 48)), Bob);
        FailReadsOf = Alice.Replace("-", "");
        await using var db = Database.NewContext();
        var batch = await OutboxBatches.ImagesAsync(db);
        // Two partitions, as the worker would hand them: Alice's image on 0, Bob's on 1.
        batch = new(batch.Records.Select((r, i) => r with { Record = r.Record with { Partition = i } }).ToList());

        var response = await Handler.HandleAsync(batch, CancellationToken.None);

        var failure = Assert.Single(response.BatchItemFailures);
        Assert.Equal((batch.Records[0].Record.TopicPartition, batch.Records[0].Record.Offset), (failure.Partition, failure.Offset));
        Assert.Equal(ImageStatus.Ready, (await StoredAsync(bobs.Id)).Status);
        Assert.Equal(ImageStatus.Processing, (await StoredAsync(alices.Id)).Status);
    }

    [SkippableFact]
    public async Task Deleting_writes_ImageDeleted_and_a_late_upload_event_for_it_does_nothing()
    {
        await ArrangeAsync();
        var image = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 48)), Alice);

        Assert.True(await Library.DeleteAsync(Alice, image.Id));

        var rows = await OutboxAsync();
        Assert.Equal([EventCatalog.TypeOf<ImageUploaded>(), EventCatalog.TypeOf<ImageDeleted>()], rows.Select(r => r.Type));
        var deleted = JsonSerializer.Deserialize<ImageDeleted>(rows[1].Payload, EventCatalog.Json)!;
        Assert.Equal((image.Id, Alice), (deleted.ImageId, deleted.OwnerUserId));
        Assert.Equal(image.Id.ToString("N"), rows[1].Key);

        var response = await HandleOutboxAsync();

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(2, (await OutboxAsync()).Count);
        Assert.Empty((await Spaces.For(Alice).ListAsync()).Objects);
    }
}
