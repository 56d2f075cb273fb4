using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Models.Embeddings;
using LakeFixture = Portal.Tests.Engine.Analytics.Lake.LakeFixture;
using Portal.Tests.Engine.Imaging;

namespace Portal.Tests.Engine.Models.Embeddings;

public sealed class SqliteEmbeddingBackfillTests() : EmbeddingBackfillTests(DatabaseOptions.Sqlite);

public sealed class PostgresEmbeddingBackfillTests() : EmbeddingBackfillTests(DatabaseOptions.Postgres);

/// <summary>Images that predate the handler get their vectors from the backfill, in batches, once.</summary>
public abstract class EmbeddingBackfillTests(string provider) : EmbeddingsSuite(provider)
{
    [SkippableFact]
    public async Task The_backfill_embeds_every_image_and_photo_without_a_vector_in_batches_and_then_finds_nothing_to_do()
    {
        await ArrangeEmbeddingsAsync();
        var images = new[]
        {
            await UploadAsync(DemoPhotoComposer.ComposeJpeg("Prints", "Poster", 1), Alice),
            await UploadAsync(DemoPhotoComposer.ComposeJpeg("Home", "Cushion", 2), Alice),
            await UploadAsync(DemoPhotoComposer.ComposeJpeg("Cameras", "Film Camera", 3), Bob),
        };
        var broken = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 64)), Bob);
        await Spaces.For(Bob).PutAsync(broken.OriginalKey, new MemoryStream("not an image"u8.ToArray()), "image/jpeg");
        var (itemId, _) = await AddProductAsync("Frames", "Oak Frame", 2);
        await Embeddings.EnsureAsync(new ImageRef(ImageSource.Customer, images[0].OriginalKey, images[0].Id, OwnerUserId: Alice)); // one has its vector already
        var gone = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Home", "Photo Mug", 5), Alice);
        await Embeddings.EnsureAsync(new ImageRef(ImageSource.Customer, gone.OriginalKey, gone.Id, OwnerUserId: Alice));
        await using (var db = Database.NewContext()) // deleted without its event reaching the handler (a deletion that raced a backfill)
            await db.Images.Where(i => i.Id == gone.Id).ExecuteDeleteAsync();

        var first = await Backfill.RunAsync(batchSize: 2);
        var second = await Backfill.RunAsync(batchSize: 2);

        Assert.Equal(new BackfillResult(4, 3, 1, Pruned: 1), first);
        Assert.Equal(new BackfillResult(1, 0, 1), second); // the broken one stays missing and skipped; nothing else
        var rows = await RowsAsync();
        Assert.Equal(4, rows.Count);
        Assert.Equal(images.Select(i => i.Id).Order(), rows.Where(r => r.ImageId is not null).Select(r => r.ImageId!.Value).Order());
        Assert.Contains(rows, r => r.CatalogItemId == itemId);
        // The lake copies the database: all four vectors, whichever path stored them (the EnsureAsync one too).
        await Consents.SetAsync(Alice, true);
        await Consents.SetAsync(Bob, true);
        await using var lake = new LakeFixture(Database);
        var exported = await ExportedAsync(lake);
        Assert.Equal(rows.Select(r => (r.ImageId, r.CatalogItemId)).Order(), exported.Select(r => (r.ImageId, r.CatalogItemId)).Order());
    }
}
