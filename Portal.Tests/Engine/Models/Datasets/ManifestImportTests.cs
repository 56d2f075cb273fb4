using System.Text;
using Portal.Engine.Data;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;

namespace Portal.Tests.Engine.Models.Datasets;

public sealed class SqliteManifestImportTests() : ManifestImportTests(DatabaseOptions.Sqlite);

public sealed class PostgresManifestImportTests() : ManifestImportTests(DatabaseOptions.Postgres);

/// <summary>Importing SageMaker augmented manifests on each provider: known images in, every other line reported by number.</summary>
public abstract class ManifestImportTests(string provider) : DatasetsSuite(provider)
{
    private async Task PutAsync(string bucket, string key, string text)
    {
        await Store.EnsureBucketAsync(bucket);
        await Store.PutAsync(bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(text)), "application/jsonlines");
    }

    [SkippableFact]
    public async Task Lines_naming_known_images_are_imported_and_the_others_are_reported_by_line_number()
    {
        await ArrangeAsync();
        var owner = await CustomerAsync(allowTraining: true);
        var image = await ImageAsync(owner, 1);
        var photo = await ProductAsync("Lamps", 2);
        var lines = new[]
        {
            $$"""{"source-ref":"{{RefOf(image)}}","kinds":"indoor","kinds-metadata":{"confidence":1},"job":"j1"}""",
            "not json",
            "",
            $$"""{"source-ref":"{{RefOf(photo)}}","kinds":"outdoor"}""",
            """{"source-ref":"s3://nobody/customers/x/originals/missing.jpg","kinds":"indoor"}""",
            $$"""{"source-ref":"{{RefOf(photo)}}","other":"outdoor"}""",
            """{"kinds":"indoor"}""",
            $$"""{"source-ref":"{{RefOf(image)}}","kinds":"outdoor"}""",
        };
        await PutAsync("analyst-data", "labels/kinds.manifest", string.Join('\n', lines));

        var result = await Datasets.ImportAsync("kinds", null, "analyst-data", "labels/kinds.manifest", null, "analyst");

        Assert.Equal(2, result.Imported);
        Assert.Equal(DatasetKind.Imported, result.Dataset!.Kind);
        Assert.Equal(["indoor", "outdoor"], result.Dataset.Labels());
        Assert.Equal([2, 5, 6, 7, 8], result.Problems.Select(p => p.Line));
        Assert.Contains("not a known", result.Problems.Single(p => p.Line == 5).Problem);
        Assert.Contains("\"kinds\"", result.Problems.Single(p => p.Line == 6).Problem);
        var items = (await Datasets.ItemsAsync(result.Dataset.Id, new DatasetItemFilter(), 0, 10)).Items;
        Assert.Equal([(ImageSource.Customer, "indoor"), (ImageSource.Product, "outdoor")], items.Select(i => (i.Source, i.Label!)));

        var version = await Datasets.CreateVersionAsync(result.Dataset.Id, "analyst");
        Assert.Equal([RefOf(image), RefOf(photo)], (await Datasets.ReadVersionAsync(version.Id)).Select(r => r.SourceRef));
    }

    [SkippableFact]
    public async Task An_uploaded_manifest_with_a_chosen_attribute_is_stored_and_imported_and_bad_requests_name_their_field()
    {
        await ArrangeAsync();
        var a = await ProductAsync("A", 11);
        var b = await ProductAsync("B", 12);
        var text = $$"""
            {"source-ref":"{{RefOf(a)}}","class":"a"}
            {"source-ref":"{{RefOf(b)}}","class":"b"}
            """;

        var result = await Datasets.ImportUploadAsync("upload", "From a file", new MemoryStream(Encoding.UTF8.GetBytes(text)), "class", "analyst");

        Assert.Equal((2, 0), (result.Imported, result.Problems.Count));
        var uploads = await Store.ListAsync(Options.Bucket, "imports/upload/");
        Assert.Single(uploads.Objects);
        Assert.Equal("key", (await Assert.ThrowsAsync<ModelsException>(() => Datasets.ImportAsync("x", null, "analyst-data", "missing.jsonl", null, "analyst"))).Field);
        Assert.Equal("bucket", (await Assert.ThrowsAsync<ModelsException>(() => Datasets.ImportAsync("x", null, "Bad_Bucket", "k", null, "analyst"))).Field);
        Assert.Equal("name", (await Assert.ThrowsAsync<ModelsException>(() => Datasets.ImportAsync("upload", null, Options.Bucket, uploads.Objects[0].Key, "class", "analyst"))).Field);
        await PutAsync("analyst-data", "one-label.jsonl", $$"""{"source-ref":"{{RefOf(a)}}","class":"a"}""");
        Assert.Equal("labels", (await Assert.ThrowsAsync<ModelsException>(() => Datasets.ImportAsync("one", null, "analyst-data", "one-label.jsonl", "class", "analyst"))).Field);
        await PutAsync("analyst-data", "none.jsonl", "{}\n[1]");
        var nothing = await Datasets.ImportAsync("none", null, "analyst-data", "none.jsonl", null, "analyst");
        Assert.Null(nothing.Dataset);
        Assert.Equal([1, 2], nothing.Problems.Select(p => p.Line));
        Assert.Null(await Datasets.FindAsync("none"));
    }
}
