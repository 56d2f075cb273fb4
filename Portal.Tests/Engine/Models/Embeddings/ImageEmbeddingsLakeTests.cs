using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Images;
using Portal.Engine.Models.Embeddings;
using LakeFixture = Portal.Tests.Engine.Analytics.Lake.LakeFixture;

namespace Portal.Tests.Engine.Models.Embeddings;

public sealed class SqliteImageEmbeddingsLakeTests() : ImageEmbeddingsLakeTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageEmbeddingsLakeTests() : ImageEmbeddingsLakeTests(DatabaseOptions.Postgres);

/// <summary>
/// The lake's <c>image_embeddings</c> is a faithful copy of the database after each export: every vector whichever path
/// stored it, no vector of a deleted image, none of an owner who has not allowed training; the DuckDB engine queries it.
/// </summary>
public abstract class ImageEmbeddingsLakeTests(string provider) : EmbeddingsSuite(provider)
{
    [SkippableFact]
    public async Task Every_vector_in_the_database_is_in_the_lake_whichever_path_stored_it_and_the_engine_queries_it()
    {
        await ArrangeEmbeddingsAsync();
        await Consents.SetAsync(Alice, true);
        await Consents.SetAsync(Bob, true);
        var byWorker = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Prints", "Poster", 1), Alice);
        var (workerItem, _) = await AddProductAsync("Frames", "Oak Frame", 2);
        Assert.Empty((await EmbedOutboxAsync()).BatchItemFailures);
        // Tagging, the demo deployment and keyed invocations store vectors through EnsureAsync, not the worker.
        var byEnsure = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Home", "Cushion", 3), Bob);
        await Embeddings.EnsureAsync(new ImageRef(ImageSource.Customer, byEnsure.OriginalKey, byEnsure.Id, OwnerUserId: Bob));
        var (backfilledItem, _) = await AddProductAsync("Cameras", "Film Camera", 4);
        Assert.Equal(1, (await Backfill.RunAsync()).Embedded);

        await using var lake = new LakeFixture(Database);
        var exported = await ExportedAsync(lake);

        var rows = await RowsAsync();
        Assert.Equal(4, rows.Count);
        Assert.Equal(rows.Count, exported.Count);
        foreach (var row in rows)
        {
            var copy = Assert.Single(exported, e => e.ImageId == row.ImageId && e.CatalogItemId == row.CatalogItemId);
            Assert.Equal(EmbeddingVectors.Unpack(row.Vector), copy.Vector);
            Assert.Equal((row.Source.ToString().ToLowerInvariant(), row.Model), (copy.Source, copy.Model));
            if (row.OwnerUserId is null) Assert.Null(copy.OwnerKey);
            else Assert.Matches("^u?[0-9a-f]{32}$", copy.OwnerKey);
        }
        Assert.Contains(exported, e => e.ImageId == byWorker.Id);
        Assert.Contains(exported, e => e.CatalogItemId == workerItem);
        Assert.Contains(exported, e => e.CatalogItemId == backfilledItem);

        await using (var ddl = await lake.Store.GetAsync(LakeFixture.Bucket, LakeKeys.AthenaDdl))
        using (var text = new StreamReader(ddl!.Content))
            Assert.Matches(@"CREATE EXTERNAL TABLE IF NOT EXISTS portal\.image_embeddings \((.|\n)*  `vector` array<float>,", await text.ReadToEndAsync());

        var cache = Directory.CreateTempSubdirectory("portal-embeddings-duckdb-");
        try
        {
            var duck = Options.Create(new DuckDbOptions { CacheDirectory = cache.FullName, ManifestCheckInterval = TimeSpan.Zero });
            using var mirror = new LakeMirror(lake.Store, lake.Manifests, duck, lake.Options, TimeProvider.System, NullLogger<LakeMirror>.Instance);
            var engine = new DuckDbQueryEngine(mirror, new DuckDbSessions(duck, lake.Options), Options.Create(new QueryOptions()));
            var count = await engine.RunAsync(new AnalyticsQuery("SELECT count(*) FROM image_embeddings"));
            Assert.Equal(4L, count.Rows[0][0]);
            var shape = await engine.RunAsync(new AnalyticsQuery(
                "SELECT min(len(vector)), count(DISTINCT owner_key), round(min(list_cosine_similarity(vector, vector)), 3) FROM image_embeddings"));
            Assert.Equal((512L, 2L, 1.0), (Convert.ToInt64(shape.Rows[0][0]), Convert.ToInt64(shape.Rows[0][1]), Convert.ToDouble(shape.Rows[0][2])));
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task Deleted_images_and_images_without_their_owners_consent_drop_out_at_the_next_export()
    {
        await ArrangeEmbeddingsAsync();
        await Consents.SetAsync(Alice, true);
        var kept = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Prints", "Poster", 1), Alice);
        var deleted = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Home", "Cushion", 2), Alice);
        var notAllowed = await UploadAsync(DemoPhotoComposer.ComposeJpeg("Cameras", "Film Camera", 3), Bob);
        var (itemId, photoKey) = await AddProductAsync("Frames", "Oak Frame", 4);
        foreach (var image in new[] { (kept, Alice), (deleted, Alice), (notAllowed, Bob) })
            await Embeddings.EnsureAsync(new ImageRef(ImageSource.Customer, image.Item1.OriginalKey, image.Item1.Id, OwnerUserId: image.Item2));
        await Embeddings.EnsureAsync(new ImageRef(ImageSource.Product, photoKey, CatalogItemId: itemId));
        await using var lake = new LakeFixture(Database);

        Assert.Equal(Expected(kept.Id, deleted.Id), Exported(await ExportedAsync(lake))); // Bob has not allowed training

        Assert.True(await Library.DeleteAsync(Alice, deleted.Id)); // its vector row is still in the database: the worker has not run
        await using (var db = Database.NewContext()) Assert.Equal(4, await db.ImageEmbeddings.CountAsync());
        Assert.Equal(Expected(kept.Id), Exported(await ExportedAsync(lake)));

        await Consents.SetAsync(Alice, false);
        await Consents.SetAsync(Bob, true);
        Assert.Equal(Expected(notAllowed.Id), Exported(await ExportedAsync(lake)));

        string Expected(params Guid[] images) => string.Join(",", images.Select(i => i.ToString()).Order().Append($"item {itemId}"));
    }

    private static string Exported(List<LakeEmbedding> rows) =>
        string.Join(",", rows.Where(r => r.ImageId is not null).Select(r => r.ImageId!.Value.ToString()).Order()
            .Concat(rows.Where(r => r.CatalogItemId is not null).Select(r => $"item {r.CatalogItemId}")));
}
