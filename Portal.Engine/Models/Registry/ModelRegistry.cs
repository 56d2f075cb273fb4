using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Models.Embeddings;

namespace Portal.Engine.Models.Registry;

/// <summary>
/// Deploys model versions to named endpoints and rolls them back. Each change raises the endpoint's
/// <see cref="ModelEndpoint.Revision"/> (its concurrency token), so two analysts deploying at once cannot both win
/// unnoticed, and every instance's <see cref="Serving.EndpointPredictor"/> sees the change; each change is audited (entity id: the endpoint's name).
/// A version trained on another embedding model than the embedder this portal runs is never deployed
/// (nor rolled back to): its inputs would be vectors of another network and its predictions meaningless.
/// </summary>
public sealed class ModelRegistry(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IImageEmbedder? embedder = null) : IModelRegistry
{
    public const string AuditEntityType = "ModelEndpoint";

    public async Task<ModelEndpoint> DeployAsync(string endpoint, int modelVersionId, string by, CancellationToken cancellationToken = default)
    {
        if (!EndpointNames.IsValid(endpoint))
            throw new ModelsException($"'{endpoint}' is not an endpoint name: {EndpointNames.Rule}.", "endpoint");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == modelVersionId, cancellationToken)
            ?? throw new ModelsException($"There is no model version {modelVersionId}.", "modelVersionId");
        CheckEmbeddingModel(version, "modelVersionId");

        var now = clock.GetUtcNow().UtcDateTime;
        var current = await db.ModelEndpoints.SingleOrDefaultAsync(e => e.Name == endpoint, cancellationToken);
        var before = current is null ? null : Snapshot.Of(current);
        if (current is null)
        {
            current = new ModelEndpoint { Name = endpoint, UpdatedBy = by, CreatedAt = now };
            db.ModelEndpoints.Add(current);
        }
        else if (current.ModelVersionId == modelVersionId)
        {
            return current; // deploying what is deployed changes nothing (and keeps the rollback target)
        }
        else
        {
            current.PreviousModelVersionId = current.ModelVersionId;
        }
        current.ModelVersionId = modelVersionId;
        return await SaveAsync(db, current, before, "Deployed", by, now, cancellationToken);
    }

    public async Task<ModelEndpoint> RollbackAsync(string endpoint, string by, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.ModelEndpoints.SingleOrDefaultAsync(e => e.Name == endpoint, cancellationToken)
            ?? throw new ModelsException($"There is no endpoint '{endpoint}'.", "endpoint");
        if (current.PreviousModelVersionId is not { } previous)
            throw new ModelsException($"Endpoint '{endpoint}' has no earlier version to roll back to.", "endpoint");
        CheckEmbeddingModel(await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Id == previous, cancellationToken), "endpoint");
        var before = Snapshot.Of(current);
        (current.ModelVersionId, current.PreviousModelVersionId) = (previous, current.ModelVersionId);
        return await SaveAsync(db, current, before, "RolledBack", by, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    public async Task<ModelEndpoint?> FindEndpointAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ModelEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Name == endpoint, cancellationToken);
    }

    /// <summary>Every model with its versions (newest first) and metrics, by name.</summary>
    public async Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.ModelVersions.AsNoTracking().ToListAsync(cancellationToken);
        var endpoints = await db.ModelEndpoints.AsNoTracking().ToListAsync(cancellationToken);
        return versions.GroupBy(v => v.ModelName).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RegisteredModel(g.Key, g.OrderByDescending(v => v.Version)
                .Select(v => new RegisteredVersion(v, endpoints.Where(e => e.ModelVersionId == v.Id).Select(e => e.Name).Order(StringComparer.Ordinal).ToList()))
                .ToList()))
            .ToList();
    }

    /// <summary>Every endpoint with the version it serves and the one a rollback would bring back, by name.</summary>
    public async Task<IReadOnlyList<EndpointSummary>> ListEndpointsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoints = await db.ModelEndpoints.AsNoTracking().ToListAsync(cancellationToken);
        var ids = endpoints.Select(e => e.ModelVersionId).Concat(endpoints.Where(e => e.PreviousModelVersionId is not null).Select(e => e.PreviousModelVersionId!.Value)).ToList();
        var versions = await db.ModelVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        return endpoints.OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => new EndpointSummary(e, versions[e.ModelVersionId], e.PreviousModelVersionId is { } p ? versions[p] : null))
            .ToList();
    }

    /// <summary>Refuses a version whose embedding model is not the one this portal embeds with (no check without an embedder).</summary>
    private void CheckEmbeddingModel(ModelVersion version, string field)
    {
        if (embedder is not null && !EmbeddingModels.Match(version.EmbeddingModel, embedder.Model))
            throw new ModelsException(EmbeddingModels.Mismatch(version, embedder.Model), field);
    }

    private async Task<ModelEndpoint> SaveAsync(PortalDbContext db, ModelEndpoint endpoint, Snapshot? before, string action, string by, DateTime now,
        CancellationToken cancellationToken)
    {
        endpoint.Revision++;
        endpoint.UpdatedBy = by;
        endpoint.UpdatedAt = now;
        db.AuditEntries.Add(AuditTrail.Entry(AuditEntityType, endpoint.Name, action, by, now, before, Snapshot.Of(endpoint)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ModelsException($"Endpoint '{endpoint.Name}' was changed by someone else meanwhile; look at it again and retry.", "endpoint");
        }
        catch (DbUpdateException) when (before is null)
        {
            throw new ModelsException($"Endpoint '{endpoint.Name}' was created by someone else meanwhile; look at it again and retry.", "endpoint");
        }
        return endpoint;
    }

    private sealed record Snapshot(string Name, int ModelVersionId, int? PreviousModelVersionId, long Revision)
    {
        public static Snapshot Of(ModelEndpoint e) => new(e.Name, e.ModelVersionId, e.PreviousModelVersionId, e.Revision);
    }
}
