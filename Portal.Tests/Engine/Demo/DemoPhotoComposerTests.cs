using System.Diagnostics;
using Portal.Engine.Demo;
using SkiaSharp;
using Xunit.Abstractions;

namespace Portal.Tests.Engine.Demo;

/// <summary>Composed demo photos: deterministic, one look per category (the image models' training data), and quick enough to make at start-up.</summary>
public sealed class DemoPhotoComposerTests(ITestOutputHelper output)
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_same_item_and_seed_give_the_same_photo_and_another_seed_another()
    {
        var first = DemoPhotoComposer.ComposeJpeg("Cameras", "Retro Instant Camera", DemoPhotoComposer.Variation(7, "CAM-00003"));
        var again = DemoPhotoComposer.ComposeJpeg("Cameras", "Retro Instant Camera", DemoPhotoComposer.Variation(7, "CAM-00003"));
        var otherSeed = DemoPhotoComposer.ComposeJpeg("Cameras", "Retro Instant Camera", DemoPhotoComposer.Variation(8, "CAM-00003"));

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        using var decoded = SKBitmap.Decode(first);
        Assert.Equal((DemoPhotoComposer.Size, DemoPhotoComposer.Size), (decoded.Width, decoded.Height));
        Assert.Equal(SKEncodedImageFormat.Jpeg, SKCodec.Create(new MemoryStream(first)).EncodedFormat);
    }

    [Fact]
    public void The_variation_is_a_fixed_function_of_seed_and_sku()
    {
        // Pinned: string.GetHashCode would differ per process, and every machine must compose the same shop.
        Assert.Equal(DemoPhotoComposer.Variation(20261125, "PRI-00001"), DemoPhotoComposer.Variation(20261125, "PRI-00001"));
        Assert.NotEqual(DemoPhotoComposer.Variation(20261125, "PRI-00001"), DemoPhotoComposer.Variation(20261125, "PRI-00007"));
        Assert.Equal(1316446771, DemoPhotoComposer.Variation(20261125, "PRI-00001"));
    }

    [Fact]
    public void Every_motif_a_photo_can_show_is_embedded()
    {
        foreach (var motif in DemoCategories.Motifs)
        {
            var image = DemoArt.Motif(motif);
            Assert.Equal((256, 256), (image.Width, image.Height));
        }
        var listed = File.ReadAllLines(Path.Combine(RepoRoot(), "Portal.Engine", "Demo", "Art", "motifs.txt"))
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(' ')[0]);
        Assert.Equal(listed.Order(), DemoCategories.Motifs.Order());
    }

    [Fact]
    public void Photos_of_one_category_are_more_alike_than_photos_of_different_categories()
    {
        var items = new DemoDataGenerator(new DemoOptions(), Now).Items();
        var started = Stopwatch.GetTimestamp();
        var photos = items.Select(i => (i.Category, Histogram: Histogram(DemoPhotoComposer.Render(i.Category, i.Name, DemoPhotoComposer.Variation(20261125, i.Sku))))).ToList();
        output.WriteLine($"Rendered {photos.Count} photos in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");

        double within = 0, across = 0;
        int withinPairs = 0, acrossPairs = 0;
        for (var a = 0; a < photos.Count; a++)
            for (var b = a + 1; b < photos.Count; b++)
            {
                var distance = Distance(photos[a].Histogram, photos[b].Histogram);
                if (photos[a].Category == photos[b].Category) { within += distance; withinPairs++; }
                else { across += distance; acrossPairs++; }
            }
        within /= withinPairs;
        across /= acrossPairs;
        output.WriteLine($"Mean colour-histogram distance within a category {within:0.000}, across categories {across:0.000}");
        Assert.True(within < across * 0.7, $"within {within:0.000} should be well under across {across:0.000}");

        // And a nearest-centroid guess by colour alone names most photos' category.
        var centroids = photos.GroupBy(p => p.Category).ToDictionary(g => g.Key, g => Mean(g.Select(p => p.Histogram).ToList()));
        var right = photos.Count(p => centroids.MinBy(c => Distance(c.Value, p.Histogram)).Key == p.Category);
        output.WriteLine($"{right} of {photos.Count} photos are nearest their own category's mean colours");
        Assert.True(right >= photos.Count * 0.9, $"{right} of {photos.Count} photos are nearest their own category's mean");
    }

    [Fact]
    public void Photos_of_one_category_still_differ()
    {
        var items = new DemoDataGenerator(new DemoOptions(), Now).Items().Where(i => i.Category == "Home").Take(10).ToList();
        var photos = items.Select(i => DemoPhotoComposer.ComposeJpeg(i.Category, i.Name, DemoPhotoComposer.Variation(1, i.Sku))).ToList();

        Assert.Equal(photos.Count, photos.Select(Convert.ToBase64String).Distinct().Count());
    }

    [Fact]
    public void An_unknown_category_gets_a_neutral_photo()
    {
        using var photo = DemoPhotoComposer.Render("Garden tools", "Spade", 3);
        var corner = photo.GetPixel(2, 2);
        Assert.True(Math.Abs(corner.Red - corner.Green) < 12 && Math.Abs(corner.Green - corner.Blue) < 12, $"grey backdrop, got {corner}");
    }

    /// <summary>An 8x8x8 RGB histogram of every 4th pixel, normalised to sum 1.</summary>
    private static double[] Histogram(SKBitmap photo)
    {
        using (photo)
        {
            var bins = new double[512];
            var count = 0;
            for (var y = 0; y < photo.Height; y += 4)
                for (var x = 0; x < photo.Width; x += 4)
                {
                    var c = photo.GetPixel(x, y);
                    bins[(c.Red >> 5) * 64 + (c.Green >> 5) * 8 + (c.Blue >> 5)]++;
                    count++;
                }
            return bins.Select(b => b / count).ToArray();
        }
    }

    private static double Distance(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Sum() / 2;

    private static double[] Mean(List<double[]> histograms) =>
        Enumerable.Range(0, histograms[0].Length).Select(i => histograms.Average(h => h[i])).ToArray();

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test output");
    }
}
