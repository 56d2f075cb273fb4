using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Datasets;

/// <summary>
/// Datasets of labelled images (customer images an analyst picked, product photos) and their frozen versions in the
/// object store. Every refusal is a <see cref="ModelsException"/> naming its field.
/// </summary>
public sealed partial class ModelDatasets(
    IDbContextFactory<PortalDbContext> contexts,
    CustomerImageSpaces spaces,
    IOptions<ModelsOptions> options,
    TimeProvider clock,
    IImageEmbedder embedder) : IModelDatasets
{
    /// <summary>Versions take the vectors of the current embedding model only: vectors of different models are never mixed.</summary>
    private string EmbeddingModel => embedder.Model;

    /// <summary>The path of a customer image's thumbnail for analysts (served by the models area).</summary>
    public static string CustomerThumbnailUrl(Guid imageId) => $"/models/images/{imageId:N}/thumbnail";

    private IObjectStore Store => spaces.Store;
    private string Bucket => options.Value.Bucket;
    private SourceRefs Refs => new(spaces);
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var datasets = await db.ModelDatasets.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        var counts = await db.DatasetItems.GroupBy(i => i.DatasetId)
            .Select(g => new { g.Key, Items = g.Count(), Labelled = g.Count(i => i.Label != null) })
            .ToDictionaryAsync(x => x.Key, cancellationToken);
        var versions = await db.DatasetVersions.GroupBy(v => v.DatasetId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return datasets.Select(d => new DatasetSummary(d.Id, d.Name, d.Description, d.Kind, d.Labels(),
            counts.GetValueOrDefault(d.Id)?.Items ?? 0, counts.GetValueOrDefault(d.Id)?.Labelled ?? 0,
            versions.GetValueOrDefault(d.Id), d.UpdatedAt)).ToList();
    }

    public async Task<ModelDataset?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ModelDatasets.AsNoTracking().SingleOrDefaultAsync(d => d.Name == name, cancellationToken);
    }

    public async Task<ModelDataset> CreateAsync(string name, string? description, IEnumerable<string?> labels, string by,
        CancellationToken cancellationToken = default) =>
        await CreateAsync(name, description, DatasetKind.Labelled, DatasetRules.ValidLabels(labels), by, cancellationToken);

    private async Task<ModelDataset> CreateAsync(string name, string? description, DatasetKind kind, IReadOnlyList<string> labels,
        string by, CancellationToken cancellationToken)
    {
        name = DatasetRules.ValidName(name);
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (description?.Length > 2000) throw new ModelsException("A description is at most 2000 characters.", "description");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ModelDatasets.AnyAsync(d => d.Name == name, cancellationToken))
            throw new ModelsException($"A dataset named '{name}' exists already.", "name");
        var dataset = new ModelDataset
        {
            Name = name, Description = description, Kind = kind, LabelsJson = DatasetRules.LabelsJson(labels),
            CreatedBy = by, CreatedAt = Now, UpdatedAt = Now,
        };
        db.ModelDatasets.Add(dataset);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another analyst created the same name between the check and the insert (the unique index caught it).
            throw new ModelsException($"A dataset named '{name}' exists already.", "name");
        }
        return dataset;
    }

    public async Task DeleteAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.TrainingJobs.AnyAsync(j => db.DatasetVersions.Any(v => v.Id == j.DatasetVersionId && v.DatasetId == datasetId), cancellationToken))
            throw new ModelsException("A training job used a version of this dataset: it stays, so that job can be reproduced.");
        await db.ModelDatasets.Where(d => d.Id == datasetId).ExecuteDeleteAsync(cancellationToken);
    }

    private static async Task<ModelDataset> RequireAsync(PortalDbContext db, int datasetId, CancellationToken cancellationToken) =>
        await db.ModelDatasets.SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken)
        ?? throw new ModelsException($"There is no dataset {datasetId}.");
}
