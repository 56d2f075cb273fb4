using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Portal.Engine.Data;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Serving;

/// <summary>
/// Serves each endpoint's deployed model on this instance. The model is loaded once from the object store; at most
/// every <see cref="RevisionCheckInterval"/> one request per endpoint reads the endpoint's revision (a one-row query)
/// and, when it changed, loads the new version and swaps it in with one reference write: requests that already hold
/// the old model finish on it, later ones get the new one, none waits for the load but the very first.
/// </summary>
public sealed class EndpointPredictor(
    IDbContextFactory<PortalDbContext> dbFactory,
    IObjectStore store,
    IOptions<ModelsOptions> options,
    TimeProvider clock,
    ILogger<EndpointPredictor> logger,
    IImageEmbedder? embedder = null) : IEndpointPredictor
{
    public static readonly TimeSpan RevisionCheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public async Task<EndpointPrediction> PredictAsync(string endpoint, float[] features, int top, CancellationToken cancellationToken = default)
    {
        var model = await ModelAsync(endpoint, cancellationToken);
        var labels = model.Predict(endpoint, features, top);
        return new EndpointPrediction(endpoint, model.ModelName, model.Version, model.ModelVersionId, labels);
    }

    /// <summary>The endpoint's model as this instance serves it now (loaded or refreshed when due).</summary>
    public async Task<LoadedModel> ModelAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        var slot = _slots.GetOrAdd(endpoint, _ => new Slot());
        var model = slot.Model;
        if (model is not null && !slot.CheckDue(clock)) return model;
        if (model is not null)
        {
            if (!await slot.Gate.WaitAsync(0, cancellationToken)) return model; // another request is checking; go on with what we have
        }
        else
        {
            await slot.Gate.WaitAsync(cancellationToken);
        }
        try
        {
            model = slot.Model;
            if (model is not null && !slot.CheckDue(clock)) return model;
            return await RefreshAsync(endpoint, slot, cancellationToken);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private async Task<LoadedModel> RefreshAsync(string endpoint, Slot slot, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deployed = await db.ModelEndpoints.AsNoTracking().Where(e => e.Name == endpoint)
            .Select(e => new { e.Revision, e.ModelVersionId }).SingleOrDefaultAsync(cancellationToken);
        if (deployed is null)
        {
            _slots.TryRemove(new KeyValuePair<string, Slot>(endpoint, slot));
            throw new EndpointNotFoundException(endpoint);
        }
        var current = slot.Model;
        if (current is not null && (slot.Revision == deployed.Revision || current.ModelVersionId == deployed.ModelVersionId))
        {
            slot.Revision = deployed.Revision;
            slot.CheckedNow(clock);
            return current;
        }
        try
        {
            var loaded = await LoadAsync(db, endpoint, deployed.ModelVersionId, cancellationToken);
            slot.Model = loaded; // the swap: one reference write
            slot.Revision = deployed.Revision;
            slot.CheckedNow(clock);
            logger.LogInformation("Endpoint {Endpoint} serves {Model} version {Version} (revision {Revision}).", endpoint, loaded.ModelName, loaded.Version, deployed.Revision);
            return loaded;
        }
        catch (EndpointModelException e) when (current is not null)
        {
            // Keep serving the version that works; try the new one again at the next check.
            slot.CheckedNow(clock);
            logger.LogError(e, "Endpoint {Endpoint} could not load its new version; it keeps serving {Model} version {Version}.", endpoint, current.ModelName, current.Version);
            return current;
        }
    }

    private async Task<LoadedModel> LoadAsync(PortalDbContext db, string endpoint, int modelVersionId, CancellationToken cancellationToken)
    {
        var version = await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == modelVersionId, cancellationToken)
            ?? throw new EndpointModelException(endpoint, $"Model version {modelVersionId} of endpoint {endpoint} is gone.");
        if (embedder is not null && !EmbeddingModels.Match(version.EmbeddingModel, embedder.Model))
            throw new EndpointModelException(endpoint, EmbeddingModels.Mismatch(version, embedder.Model));
        var key = ModelsLayout.ModelFile(version.ModelName, version.Version);
        try
        {
            var labels = JsonSerializer.Deserialize<string[]>(version.LabelsJson) ?? [];
            var bytes = new MemoryStream();
            await using (var stored = await store.GetAsync(options.Value.Bucket, key, cancellationToken)
                ?? throw new EndpointModelException(endpoint, $"The model file of {version.ModelName} version {version.Version} is missing (s3://{options.Value.Bucket}/{key})."))
            {
                await stored.Content.CopyToAsync(bytes, cancellationToken);
            }
            bytes.Position = 0;
            var ml = new MLContext(seed: 0);
            var transformer = ml.Model.Load(bytes, out var inputSchema);
            return new LoadedModel(version, labels, ml, transformer, inputSchema);
        }
        catch (Exception e) when (e is not (EndpointModelException or OperationCanceledException))
        {
            throw new EndpointModelException(endpoint, $"The model of {version.ModelName} version {version.Version} could not be loaded: {e.Message}", e);
        }
    }

    private sealed class Slot
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public volatile LoadedModel? Model;
        public long Revision;
        private long _nextCheckTicks;

        public bool CheckDue(TimeProvider clock) => clock.GetUtcNow().UtcTicks >= Volatile.Read(ref _nextCheckTicks);

        public void CheckedNow(TimeProvider clock) => Volatile.Write(ref _nextCheckTicks, (clock.GetUtcNow() + RevisionCheckInterval).UtcTicks);
    }
}
