using Portal.Engine.Demo;
using Portal.Engine.Models.Embeddings;
using Portal.Tests.Engine.Imaging;
using SkiaSharp;
using Xunit.Abstractions;

namespace Portal.Tests.Engine.Models.Embeddings;

/// <summary>The real network on real pictures: the demo product photos, whose categories look alike within and differ across.</summary>
public sealed class ResNet18EmbedderTests(ITestOutputHelper output)
{
    private static ResNet18Embedder Embedder => SharedEmbedder.Instance;

    [Fact]
    public void A_vector_has_512_features_and_the_same_image_always_gives_the_same_one()
    {
        var photo = DemoPhotoComposer.ComposeJpeg("Cameras", "Film Camera", 7);

        var first = Embedder.Embed(photo);
        var second = Embedder.Embed(photo);

        Assert.Equal("resnet18-v1", Embedder.Model);
        Assert.Equal(512, Embedder.Dimensions);
        Assert.Equal(512, first.Length);
        Assert.Equal(first, second);
        Assert.Contains(first, f => f != 0);
        Assert.All(first, f => Assert.True(float.IsFinite(f)));
    }

    [Fact]
    public void The_same_picture_as_PNG_or_WebP_gives_nearly_the_same_vector_as_JPEG_and_a_GIF_is_read()
    {
        using var bitmap = DemoPhotoComposer.Render("Home", "Photo Mug", 3);
        var jpeg = Embedder.Embed(Encode(bitmap, SKEncodedImageFormat.Jpeg));
        foreach (var other in new[] { Encode(bitmap, SKEncodedImageFormat.Png), Encode(bitmap, SKEncodedImageFormat.Webp) })
            Assert.True(EmbeddingVectors.Cosine(jpeg, Embedder.Embed(other)) > 0.95f);
        Assert.Equal(512, Embedder.Embed(TestImages.Gif()).Length);
    }

    [Fact]
    public void An_upright_photo_and_the_same_photo_stored_sideways_with_EXIF_orientation_give_nearly_the_same_vector()
    {
        var upright = DemoPhotoComposer.ComposeJpeg("Frames", "Oak Frame", 5);
        var sideways = SidewaysJpeg("Frames", "Oak Frame", 5); // stored turned 90 degrees anticlockwise; orientation 6 turns it back
        var tagged = TestImages.WithExifOrientation(sideways, 6);

        var similarity = EmbeddingVectors.Cosine(Embedder.Embed(upright), Embedder.Embed(tagged));
        var untagged = EmbeddingVectors.Cosine(Embedder.Embed(upright), Embedder.Embed(sideways));

        output.WriteLine($"upright vs EXIF-turned {similarity:F3}, vs sideways {untagged:F3}");
        Assert.True(similarity > 0.95f, $"{similarity}");
        Assert.True(similarity > untagged);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })]
    public void Bytes_that_are_not_an_image_are_refused_as_invalid_data(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => Embedder.Embed(bytes));

    [Fact]
    public void A_truncated_JPEG_is_refused_or_embedded_but_never_crashes()
    {
        var photo = DemoPhotoComposer.ComposeJpeg("Prints", "Poster", 1);
        var head = photo[..40];
        Assert.Throws<InvalidDataException>(() => Embedder.Embed(head));
        Assert.Equal(512, Embedder.Embed(photo[..(photo.Length / 2)]).Length); // decodable in part: SkiaSharp fills the rest
    }

    [Fact]
    public void Two_renders_of_one_demo_item_are_alike_and_categories_are_closer_within_than_across()
    {
        var byCategory = DemoCategories.All.ToDictionary(c => c.Name,
            c => c.Products.Take(3).SelectMany(p => new[] { 11, 29 }.Select(v => Embedder.Embed(DemoPhotoComposer.ComposeJpeg(c.Name, p.Noun, v)))).ToList());

        var sameItem = EmbeddingVectors.Cosine(byCategory["Cameras"][0], byCategory["Cameras"][1]);
        var within = new List<float>();
        var across = new List<float>();
        foreach (var (name, vectors) in byCategory)
            for (var i = 0; i < vectors.Count; i++)
            {
                for (var j = i + 1; j < vectors.Count; j++) within.Add(EmbeddingVectors.Cosine(vectors[i], vectors[j]));
                foreach (var (otherName, others) in byCategory)
                    if (string.CompareOrdinal(otherName, name) > 0)
                        across.AddRange(others.Select(o => EmbeddingVectors.Cosine(vectors[i], o)));
            }

        output.WriteLine($"same item {sameItem:F3}, within categories {within.Average():F3}, across {across.Average():F3}");
        Assert.True(sameItem > 0.7f, $"two renders of one item: {sameItem}");
        Assert.True(within.Average() > across.Average() + 0.05, $"within {within.Average()}, across {across.Average()}");
    }

    private static byte[] SidewaysJpeg(string category, string item, int variation)
    {
        using var upright = DemoPhotoComposer.Render(category, item, variation);
        using var surface = SKSurface.Create(new SKImageInfo(upright.Height, upright.Width, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Translate(0, upright.Width);
        surface.Canvas.RotateDegrees(-90);
        using (var image = SKImage.FromBitmap(upright)) surface.Canvas.DrawImage(image, 0, 0);
        surface.Canvas.Flush();
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        return data.ToArray();
    }
}
