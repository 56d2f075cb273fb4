using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Engine.Data;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;

namespace Portal.Tests.Engine.Models.Datasets;

public sealed class SqliteDatasetVersionTests() : DatasetVersionTests(DatabaseOptions.Sqlite);

public sealed class PostgresDatasetVersionTests() : DatasetVersionTests(DatabaseOptions.Postgres);

/// <summary>Versions on each provider: consent and embeddings decide what is frozen; the files are SageMaker's manifest and Parquet.</summary>
public abstract class DatasetVersionTests(string provider) : DatasetsSuite(provider)
{
    [SkippableFact]
    public async Task An_image_whose_owner_has_not_allowed_training_never_enters_a_version_and_enters_after_consent()
    {
        await ArrangeAsync();
        var noRow = await CustomerAsync(allowTraining: null);
        var refused = await CustomerAsync(allowTraining: false);
        var allowed = await CustomerAsync(allowTraining: true);
        var images = new[] { await ImageAsync(noRow, 1), await ImageAsync(refused, 2), await ImageAsync(allowed, 3), await ImageAsync(allowed, 4) };
        var dataset = await Datasets.CreateAsync("pets", null, ["cat", "dog"], "analyst");
        Assert.Equal(4, await Datasets.AddCustomerImagesAsync(dataset.Id, images.Select(i => i.Id).ToList()));
        string[] labels = ["cat", "cat", "cat", "dog"];
        for (var i = 0; i < images.Length; i++)
            await Datasets.SetLabelAsync(dataset.Id, await ItemIdAsync(dataset.Id, images[i].OriginalKey), labels[i], "analyst");

        var first = await Datasets.CreateVersionAsync(dataset.Id, "analyst");

        Assert.Equal((1, 2, 2), (first.Version, first.ItemCount, first.ExcludedCount));
        var rows = await Datasets.ReadVersionAsync(first.Id);
        Assert.Equal([RefOf(images[2]), RefOf(images[3])], rows.Select(r => r.SourceRef));
        var manifest = await ManifestAsync("pets", 1);
        foreach (var hidden in images[..2]) Assert.DoesNotContain(hidden.OriginalKey, manifest);

        await AllowTrainingAsync(noRow, true);
        var second = await Datasets.CreateVersionAsync(dataset.Id, "analyst");

        Assert.Equal((2, 3, 1), (second.Version, second.ItemCount, second.ExcludedCount));
        Assert.Equal([RefOf(images[0]), RefOf(images[2]), RefOf(images[3])], (await Datasets.ReadVersionAsync(second.Id)).Select(r => r.SourceRef));
        Assert.DoesNotContain(images[1].OriginalKey, await ManifestAsync("pets", 2));

        await AllowTrainingAsync(noRow, false);
        var third = await Datasets.CreateVersionAsync(dataset.Id, "analyst");
        Assert.DoesNotContain(images[0].OriginalKey, await ManifestAsync("pets", third.Version));
    }

    [SkippableFact]
    public async Task A_version_writes_the_augmented_manifest_and_the_embeddings_and_records_the_manifest_hash()
    {
        await ArrangeAsync();
        var owner = await CustomerAsync(allowTraining: true);
        var image = await ImageAsync(owner, 11);
        var lamp = await ProductAsync("Lamps", 12);
        var frame = await ProductAsync("Frames", 13);
        var dataset = await Datasets.CreateAsync("decor", "Home decor", ["lamp", "frame"], "analyst");
        await Datasets.AddCustomerImagesAsync(dataset.Id, [image.Id]);
        await Datasets.AddProductPhotosAsync(dataset.Id, [lamp.Id, frame.Id]);
        await Datasets.SetLabelAsync(dataset.Id, await ItemIdAsync(dataset.Id, image.OriginalKey), "lamp", "analyst");
        await Datasets.SetLabelAsync(dataset.Id, await ItemIdAsync(dataset.Id, lamp.PhotoKey!), "lamp", "analyst");
        await Datasets.SetLabelAsync(dataset.Id, await ItemIdAsync(dataset.Id, frame.PhotoKey!), "frame", "analyst");

        var version = await Datasets.CreateVersionAsync(dataset.Id, "analyst");

        var manifest = await ManifestAsync("decor", 1);
        var lines = manifest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<Dictionary<string, string>>(l)!).ToList();
        Assert.Equal([RefOf(image), RefOf(lamp), RefOf(frame)], lines.Select(l => l["source-ref"]));
        Assert.Equal(["lamp", "lamp", "frame"], lines.Select(l => l["decor"]));
        Assert.Equal($"s3://{Spaces.For(owner).Bucket}/customers/{owner.Replace("-", "")}/{image.OriginalKey}", RefOf(image));
        Assert.Equal($"s3://{Spaces.For("catalog").Bucket}/customers/catalog/{lamp.PhotoKey}", RefOf(lamp));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest))), version.ManifestSha256);
        Assert.Equal(Model, version.EmbeddingModel);
        Assert.Equal(new Dictionary<string, int> { ["frame"] = 1, ["lamp"] = 2 }, JsonSerializer.Deserialize<Dictionary<string, int>>(version.LabelCountsJson));
        var rows = await Datasets.ReadVersionAsync(version.Id);
        Assert.Equal([Vector(11), Vector(12), Vector(13)], rows.Select(r => r.Features));
        Assert.Equal(["lamp", "lamp", "frame"], rows.Select(r => r.Label));
    }

    [SkippableFact]
    public async Task Items_without_an_embedding_are_excluded_and_fewer_than_two_labels_are_refused()
    {
        await ArrangeAsync();
        var a = await ProductAsync("A", 21);
        var b = await ProductAsync("B", 22, embedded: false);
        var dataset = await Datasets.CreateAsync("letters", null, ["a", "b"], "analyst");
        await Datasets.AddProductPhotosAsync(dataset.Id, [a.Id, b.Id]);
        await Datasets.SetLabelAsync(dataset.Id, await ItemIdAsync(dataset.Id, a.PhotoKey!), "a", "analyst");
        await Datasets.SetLabelAsync(dataset.Id, await ItemIdAsync(dataset.Id, b.PhotoKey!), "b", "analyst");

        var refused = await Assert.ThrowsAsync<ModelsException>(() => Datasets.CreateVersionAsync(dataset.Id, "analyst"));

        Assert.Contains("at least two labels", refused.Message);
        Assert.Empty(await Datasets.VersionsAsync(dataset.Id));
        Assert.Null(await Store.GetAsync(Options.Bucket, ModelsLayout.DatasetManifest("letters", 1)));
    }

    [SkippableFact]
    public async Task Product_categories_holds_every_photo_by_its_category_and_a_version_refreshes_it_from_the_catalog()
    {
        await ArrangeAsync();
        var lamp = await ProductAsync("Lamps", 31);
        var frame = await ProductAsync("Frames", 32);
        var dataset = await Datasets.EnsureProductCategoriesAsync("demo");
        Assert.Equal((IModelDatasets.ProductCategories, DatasetKind.ProductCategories), (dataset.Name, dataset.Kind));
        Assert.Equal(["Frames", "Lamps"], dataset.Labels());
        Assert.Equal(dataset.Id, (await Datasets.EnsureProductCategoriesAsync("demo")).Id);

        var cup = await ProductAsync("Cups", 33);
        await using (var db = Database.NewContext())
        {
            (await db.CatalogItems.FindAsync(frame.Id))!.Category = "Lamps";
            await db.SaveChangesAsync();
        }
        var version = await Datasets.CreateVersionAsync(dataset.Id, "demo");

        var rows = await Datasets.ReadVersionAsync(version.Id);
        Assert.Equal([(RefOf(lamp), "Lamps"), (RefOf(frame), "Lamps"), (RefOf(cup), "Cups")], rows.Select(r => (r.SourceRef, r.Label)));
        Assert.Equal(["Cups", "Lamps"], (await Datasets.FindAsync(IModelDatasets.ProductCategories))!.Labels());
    }
}
