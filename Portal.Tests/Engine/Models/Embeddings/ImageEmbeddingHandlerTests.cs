using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Models.Embeddings;
using LakeFixture = Portal.Tests.Engine.Analytics.Lake.LakeFixture;
using Portal.Tests.Engine.Imaging;

namespace Portal.Tests.Engine.Models.Embeddings;

public sealed class SqliteImageEmbeddingHandlerTests() : ImageEmbeddingHandlerTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageEmbeddingHandlerTests() : ImageEmbeddingHandlerTests(DatabaseOptions.Postgres);

/// <summary>The worker's handler on real outbox events: uploads and product photos get vectors (database, and the lake after an export), deletions lose them.</summary>
public abstract class ImageEmbeddingHandlerTests(string provider) : EmbeddingsSuite(provider)
{
    [SkippableFact]
    public async Task Uploads_and_product_photos_get_one_vector_each_in_the_database_and_in_the_lake_after_an_export()
    {
        await ArrangeEmbeddingsAsync();
        var image = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Prints", "Poster", 1), Alice);
        var (itemId, photoKey) = await AddProductAsync("Frames", "Oak Frame", 2);

        var response = await EmbedOutboxAsync();
        var again = await EmbedOutboxAsync(); // redelivered: nothing changes, nothing is written twice

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(again.BatchItemFailures);
        var rows = await RowsAsync();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Source == ImageSource.Customer && r.ImageId == image.Id && r.OwnerUserId == Alice && r.ObjectKey == image.OriginalKey);
        Assert.Contains(rows, r => r.Source == ImageSource.Product && r.CatalogItemId == itemId && r.ObjectKey == photoKey && r.OwnerUserId == null);
        await Consents.SetAsync(Alice, true);
        await using var lake = new LakeFixture(Database);
        var exported = await ExportedAsync(lake);
        Assert.Equal(2, exported.Count);
        var product = Assert.Single(exported, r => r.Source == "product");
        Assert.Equal((itemId, "resnet18-v1", 512), (product.CatalogItemId, product.Model, product.Vector.Length));
        Assert.Equal(EmbeddingVectors.Unpack(rows.Single(r => r.Source == ImageSource.Product).Vector), product.Vector);
    }

    [SkippableFact]
    public async Task A_replaced_photo_swaps_the_vector_and_deleted_images_lose_theirs()
    {
        await ArrangeEmbeddingsAsync();
        var image = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Prints", "Poster", 1), Alice);
        var (itemId, firstKey) = await AddProductAsync("Frames", "Oak Frame", 2);
        await EmbedOutboxAsync();
        var after = await LastSequenceAsync();

        var secondKey = await ReplacePhotoAsync(itemId, "Frames", "Oak Frame", 3);
        Assert.True(await Library.DeleteAsync(Alice, image.Id));
        var response = await EmbedOutboxAsync(after);

        Assert.Empty(response.BatchItemFailures);
        var row = Assert.Single(await RowsAsync());
        Assert.Equal((ImageSource.Product, secondKey, itemId), (row.Source, row.ObjectKey, row.CatalogItemId));
        Assert.NotEqual(firstKey, secondKey);
    }

    [SkippableFact]
    public async Task An_upload_that_is_no_image_is_skipped_and_an_unreachable_store_fails_only_its_partition_for_a_retry()
    {
        await ArrangeEmbeddingsAsync();
        var broken = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 64)), Alice);
        await Spaces.For(Alice).PutAsync(broken.OriginalKey, new MemoryStream("not an image"u8.ToArray()), "image/jpeg");
        var good = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Home", "Cushion", 4), Bob);

        FailReadsOf = good.OriginalKey;
        var failing = await EmbedOutboxAsync();
        FailReadsOf = null;
        var retried = await EmbedOutboxAsync();

        var failure = Assert.Single(failing.BatchItemFailures);
        Assert.Contains("unavailable", failure.Error);
        Assert.Empty(retried.BatchItemFailures);
        var row = Assert.Single(await RowsAsync());
        Assert.Equal(good.Id, row.ImageId);
    }
}
