using System.Security.Cryptography;
using System.Text.Json;
using Portal.Engine.Images;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Messaging.Events;
using Portal.Tests.Engine.Imaging;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;
using SkiaSharp;

namespace Portal.Tests.Engine.Images;

public sealed class SqliteImageProcessingTests() : ImageProcessingTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageProcessingTests() : ImageProcessingTests(DatabaseOptions.Postgres);

/// <summary>Upload answers at once with its claim check; the handler turns it Ready with renditions and metadata, once.</summary>
public abstract class ImageProcessingTests(string provider) : ImageWorkerSuite(provider)
{
    private static readonly string Uploaded = EventCatalog.TypeOf<ImageUploaded>(), Started = EventCatalog.TypeOf<ImageProcessingStarted>(),
        Processed = EventCatalog.TypeOf<ImageProcessed>();

    [SkippableFact]
    public async Task An_upload_is_stored_as_Uploaded_with_its_claim_check_in_the_same_commit()
    {
        await ArrangeAsync();
        var bytes = TestImages.Jpeg(TestImages.Photo(120, 80));

        var image = await UploadAsync(bytes, Alice, "holiday.jpg");

        var stored = await StoredAsync(image.Id);
        Assert.Equal(ImageStatus.Uploaded, stored.Status);
        Assert.Equal((120, 80), (stored.Width, stored.Height));
        Assert.Null(stored.ThumbnailKey);
        var row = Assert.Single(await OutboxAsync());
        Assert.Equal(Uploaded, row.Type);
        Assert.Equal(EventFamilies.Images, row.Family);
        Assert.Equal(image.Id.ToString("N"), row.Key);
        var claim = JsonSerializer.Deserialize<ImageUploaded>(row.Payload, EventCatalog.Json)!;
        Assert.Equal(image.OriginalKey, claim.ObjectKey);
        Assert.Equal(bytes.LongLength, claim.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), claim.Sha256);
        Assert.Equal(stored.Sha256, claim.Sha256);
        Assert.DoesNotContain("\"bytes\"", row.Payload, StringComparison.OrdinalIgnoreCase); // the bytes stay in the store
    }

    [SkippableFact]
    public async Task The_handler_makes_both_renditions_reads_the_metadata_and_marks_the_image_Ready()
    {
        await ArrangeAsync();
        // Stored 400 x 300 on its side (EXIF orientation 6): upright it is 300 x 400.
        var photo = ExifJpeg.With(TestImages.Jpeg(TestImages.Photo(400, 300)), "Canon", "Canon EOS 80D", new DateTime(2024, 7, 14, 9, 30, 0), 6);
        var image = await UploadAsync(photo, Alice);
        var flat = await UploadAsync(TestImages.Png(TestImages.Flat(50, 40, new SKColor(200, 30, 60))), Alice, "red.png");
        var before = await LastSequenceAsync();

        var response = await HandleOutboxAsync();

        Assert.Empty(response.BatchItemFailures);
        var ready = await StoredAsync(image.Id);
        Assert.Equal(ImageStatus.Ready, ready.Status);
        Assert.Null(ready.Error);
        Assert.Equal(1, ready.Attempts);
        Assert.Equal("jpeg", ready.Format);
        Assert.Equal((300, 400), (ready.Width, ready.Height));
        Assert.Equal("Canon EOS 80D", ready.Camera);
        Assert.Equal(new DateTime(2024, 7, 14, 9, 30, 0), ready.TakenAt);
        Assert.Matches("^#[0-9a-f]{6}$", ready.DominantColor!);
        Assert.NotNull(ready.PerceptualHash);
        Assert.NotNull(ready.ProcessedAt);
        var space = Spaces.For(Alice);
        Assert.Equal(new ImageHeader(ImageFormat.Webp, 240, 320), await HeaderAsync(space, ready.ThumbnailKey!));
        Assert.Equal(new ImageHeader(ImageFormat.Webp, 300, 400), await HeaderAsync(space, ready.WebKey!)); // never enlarged
        Assert.StartsWith($"renditions/{image.Id:N}/", ready.ThumbnailKey);

        var red = await StoredAsync(flat.Id);
        Assert.Equal(("png", "#c81e3c", (string?)null, (DateTime?)null), (red.Format, red.DominantColor, red.Camera, red.TakenAt));
        Assert.Null(red.DuplicateOfId);

        var events = await OutboxAsync(before);
        Assert.Equal([Started, Processed, Started, Processed], events.Select(e => e.Type));
        var done = JsonSerializer.Deserialize<ImageProcessed>(events[1].Payload, EventCatalog.Json)!;
        Assert.Equal((image.Id, Alice, true, (string?)null), (done.ImageId, done.OwnerUserId, done.Ready, done.FailureReason));
        Assert.Equal(1, JsonSerializer.Deserialize<ImageProcessingStarted>(events[0].Payload, EventCatalog.Json)!.Attempt);
    }

    [SkippableFact]
    public async Task A_redelivered_or_repeated_event_changes_nothing_and_writes_no_second_event()
    {
        await ArrangeAsync();
        var image = await UploadAsync(TestImages.Jpeg(TestImages.Photo(120, 80)), Alice);
        await HandleOutboxAsync();
        var first = await StoredAsync(image.Id);
        var count = (await OutboxAsync()).Count;

        await HandleOutboxAsync(); // the whole log again (a worker that died before committing)
        await using (var db = Database.NewContext())
        {
            var uploaded = (await OutboxBatches.ImagesAsync(db)).Records.Where(r => r.Event is ImageUploaded).ToList();
            await Handler.HandleAsync(new([.. uploaded, .. uploaded]), CancellationToken.None); // and twice in one batch
        }

        var again = await StoredAsync(image.Id);
        Assert.Equal(count, (await OutboxAsync()).Count);
        await using (var db = Database.NewContext())
        {
            var eventId = (await OutboxAsync()).Single(m => m.Type == Uploaded).EventId.ToString();
            Assert.Equal(eventId, Assert.Single(db.ProcessedEvents.Where(p => p.Handler == Handler.Name)).EventId); // the worker's inbox
        }
        Assert.Equal((ImageStatus.Ready, 1, first.ProcessedAt, first.PerceptualHash), (again.Status, again.Attempts, again.ProcessedAt, again.PerceptualHash));
    }

    [SkippableFact]
    public async Task An_image_a_stopped_worker_left_Processing_is_finished_on_redelivery_without_a_second_start()
    {
        await ArrangeAsync();
        var image = await UploadAsync(TestImages.Jpeg(TestImages.Photo(120, 80)), Alice);
        FailReadsOf = "/originals/"; // started, then the store went away before the original was read
        var failed = await HandleOutboxAsync();
        var record = Assert.Single(failed.BatchItemFailures);
        Assert.Contains("the store is unavailable", record.Error);
        Assert.Equal(ImageStatus.Processing, (await StoredAsync(image.Id)).Status);

        FailReadsOf = null;
        var response = await HandleOutboxAsync();

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(ImageStatus.Ready, (await StoredAsync(image.Id)).Status);
        Assert.Equal([Uploaded, Started, Processed], (await OutboxAsync()).Select(e => e.Type));
    }

    [SkippableFact]
    public async Task Near_duplicates_in_the_customers_own_gallery_are_flagged_and_different_pictures_are_not()
    {
        await ArrangeAsync();
        var original = await UploadAsync(TestImages.Jpeg(TestImages.Photo(400, 300)), Alice, "original.jpg");
        await HandleOutboxAsync();
        SKBitmap smaller; // the same picture, half the size, much lower quality (TestImages.Jpeg disposes what it encodes)
        using (var photo = TestImages.Photo(400, 300)) smaller = photo.Resize(new SKImageInfo(200, 150), new SKSamplingOptions(SKFilterMode.Linear));
        var mark = await LastSequenceAsync();
        var copy = await UploadAsync(TestImages.Jpeg(smaller, quality: 60), Alice, "copy.jpg");
        var other = await UploadAsync(TestImages.Jpeg(TestImages.Quadrants(400, 300)), Alice, "other.jpg");
        var bobs = await UploadAsync(TestImages.Jpeg(TestImages.Photo(400, 300)), Bob, "same-as-alices.jpg");

        await HandleOutboxAsync(mark);

        Assert.Equal(original.Id, (await StoredAsync(copy.Id)).DuplicateOfId);
        Assert.Null((await StoredAsync(other.Id)).DuplicateOfId);
        Assert.Null((await StoredAsync(original.Id)).DuplicateOfId);
        Assert.Null((await StoredAsync(bobs.Id)).DuplicateOfId); // another customer's gallery is not compared
    }

    private static async Task<ImageHeader?> HeaderAsync(Portal.Engine.Storage.CustomerImageSpace space, string key)
    {
        await using var stored = await space.GetAsync(key);
        Assert.NotNull(stored);
        using var buffer = new MemoryStream();
        await stored.Content.CopyToAsync(buffer);
        return ImageHeader.Read(buffer.ToArray());
    }
}
