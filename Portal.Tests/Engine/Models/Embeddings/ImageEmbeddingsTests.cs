using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Models.Embeddings;
using Portal.Tests.Engine.Imaging;

namespace Portal.Tests.Engine.Models.Embeddings;

public sealed class SqliteImageEmbeddingsTests() : ImageEmbeddingsTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageEmbeddingsTests() : ImageEmbeddingsTests(DatabaseOptions.Postgres);

/// <summary>The store: one row per image however many ask at once; similarity within the owner's images; deletions.</summary>
public abstract class ImageEmbeddingsTests(string provider) : EmbeddingsSuite(provider)
{
    [SkippableFact]
    public async Task Concurrent_ensures_of_one_image_store_one_row_and_all_get_its_vector()
    {
        await ArrangeEmbeddingsAsync();
        var image = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Cameras", "Film Camera", 1), Alice);
        var reference = new ImageRef(ImageSource.Customer, image.OriginalKey, image.Id, OwnerUserId: Alice);

        var vectors = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Embeddings.EnsureAsync(reference))));

        var row = Assert.Single(await RowsAsync());
        Assert.Equal((ImageSource.Customer, image.OriginalKey, image.Id, Alice, "resnet18-v1"), (row.Source, row.ObjectKey, row.ImageId, row.OwnerUserId, row.Model));
        Assert.All(vectors, v => Assert.Equal(EmbeddingVectors.Unpack(row.Vector), v));
        Assert.Equal(EmbeddingVectors.Unpack(row.Vector), await Embeddings.FindAsync(ImageSource.Customer, image.OriginalKey));
        Assert.Null(await Embeddings.FindAsync(ImageSource.Product, image.OriginalKey));
    }

    [SkippableFact]
    public async Task Similar_images_are_the_owners_own_ranked_by_cosine()
    {
        await ArrangeEmbeddingsAsync();
        var camera = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Cameras", "Film Camera", 1), Alice);
        var otherCamera = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Cameras", "Film Camera", 2), Alice);
        var mug = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Home", "Photo Mug", 3), Alice);
        var bobsCamera = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Cameras", "Film Camera", 1), Bob);
        foreach (var (image, owner) in new[] { (camera, Alice), (otherCamera, Alice), (mug, Alice), (bobsCamera, Bob) })
            await Embeddings.EnsureAsync(new ImageRef(ImageSource.Customer, image.OriginalKey, image.Id, OwnerUserId: owner));

        var similar = await Embeddings.SimilarAsync(camera.Id, Alice, 5);

        Assert.Equal([otherCamera.Id, mug.Id], similar.Select(s => s.ImageId));
        Assert.True(similar[0].Similarity > similar[1].Similarity);
        Assert.Empty(await Embeddings.SimilarAsync(camera.Id, Bob, 5)); // not Bob's image
        Assert.Single(await Embeddings.SimilarAsync(camera.Id, Alice, 1));
    }

    [SkippableFact]
    public async Task A_missing_original_and_bytes_that_are_no_image_store_nothing()
    {
        await ArrangeEmbeddingsAsync();
        var image = await UploadAsync(TestImages.Jpeg(TestImages.Photo(64, 64)), Alice);
        await Spaces.For(Alice).PutAsync(image.OriginalKey, new MemoryStream("not an image"u8.ToArray()), "image/jpeg");

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            Embeddings.EnsureAsync(new ImageRef(ImageSource.Customer, image.OriginalKey, image.Id, OwnerUserId: Alice)));
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            Embeddings.EnsureAsync(new ImageRef(ImageSource.Customer, "originals/gone.jpg", Guid.NewGuid(), OwnerUserId: Alice)));
        Assert.Empty(await RowsAsync());
    }
}
