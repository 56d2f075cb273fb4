using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Models.Embeddings;

namespace Portal.Engine.Models.Datasets;

public sealed partial class ModelDatasets
{
    public async Task<DatasetVersion> CreateVersionAsync(int datasetId, string by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await RequireAsync(db, datasetId, cancellationToken);
        if (dataset.Kind == DatasetKind.ProductCategories) await RefreshFromCatalogAsync(db, dataset, cancellationToken);

        var labelled = await db.DatasetItems.AsNoTracking().Where(i => i.DatasetId == datasetId && i.Label != null)
            .OrderBy(i => i.Id).ToListAsync(cancellationToken);
        var owners = labelled.Where(i => i.Source == ImageSource.Customer).Select(i => i.OwnerUserId!).Distinct().ToList();
        var allowed = (await db.ImageTrainingConsents.Where(c => owners.Contains(c.UserId) && c.AllowTraining)
            .Select(c => c.UserId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var consented = labelled.Where(i => i.Source == ImageSource.Product || allowed.Contains(i.OwnerUserId!)).ToList();
        var vectors = await VectorsAsync(consented, cancellationToken);
        var rows = consented.Where(i => vectors.ContainsKey((i.Source, i.ObjectKey)))
            .Select(i => new LabelledEmbedding(Refs.For(i), i.Label!, vectors[(i.Source, i.ObjectKey)])).ToList();

        var counts = rows.GroupBy(r => r.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count < 2)
            throw new ModelsException($"A version needs items of at least two labels whose owners allowed training and that have an embedding; "
                + $"'{dataset.Name}' has {counts.Count} ({labelled.Count - rows.Count} labelled items left out).");

        var manifest = DatasetFiles.Manifest(dataset.Name, rows);
        var version = new DatasetVersion
        {
            DatasetId = datasetId,
            Version = (await db.DatasetVersions.Where(v => v.DatasetId == datasetId).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0) + 1,
            ItemCount = rows.Count,
            LabelCountsJson = JsonSerializer.Serialize(counts),
            ExcludedCount = labelled.Count - rows.Count,
            ManifestSha256 = Convert.ToHexStringLower(SHA256.HashData(manifest)),
            EmbeddingModel = EmbeddingModel,
            CreatedBy = by,
            CreatedAt = Now,
        };
        // The row is inserted before the files are written and committed after: two analysts creating a version at
        // once collide on (dataset, version) before either overwrites the other's files.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.DatasetVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ModelsException($"Another version of '{dataset.Name}' was created at the same moment; create it again.");
        }
        await Store.EnsureBucketAsync(Bucket, cancellationToken);
        await Store.PutAsync(Bucket, ModelsLayout.DatasetManifest(dataset.Name, version.Version), new MemoryStream(manifest),
            "application/jsonlines", cancellationToken: cancellationToken);
        await Store.PutAsync(Bucket, ModelsLayout.DatasetEmbeddings(dataset.Name, version.Version),
            await DatasetFiles.EmbeddingsAsync(rows, cancellationToken), "application/vnd.apache.parquet", cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    private async Task<Dictionary<(ImageSource, string), float[]>> VectorsAsync(List<DatasetItem> items, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(ImageSource, string), float[]>();
        var model = EmbeddingModel;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in items.Select(i => i.ObjectKey).Distinct().Chunk(500))
        {
            var rows = await db.ImageEmbeddings.AsNoTracking().Where(e => e.Model == model && chunk.Contains(e.ObjectKey))
                .Select(e => new { e.Source, e.ObjectKey, e.Vector }).ToListAsync(cancellationToken);
            foreach (var row in rows) found[(row.Source, row.ObjectKey)] = EmbeddingVectors.Unpack(row.Vector);
        }
        return found;
    }

    public async Task<IReadOnlyList<DatasetVersion>> VersionsAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DatasetVersions.AsNoTracking().Where(v => v.DatasetId == datasetId)
            .OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LabelledEmbedding>> ReadVersionAsync(int datasetVersionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.DatasetVersions.AsNoTracking().Where(v => v.Id == datasetVersionId)
            .Join(db.ModelDatasets, v => v.DatasetId, d => d.Id, (v, d) => new { d.Name, v.Version }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new ModelsException($"There is no dataset version {datasetVersionId}.");
        var key = ModelsLayout.DatasetEmbeddings(found.Name, found.Version);
        await using var stored = await Store.GetAsync(Bucket, key, cancellationToken)
            ?? throw new FileNotFoundException($"The embeddings of {found.Name} v{found.Version} are missing from the object store.", key);
        return await DatasetFiles.ReadEmbeddingsAsync(stored.Content, cancellationToken);
    }
}
