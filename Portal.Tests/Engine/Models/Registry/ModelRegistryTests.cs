using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Models;
using Portal.Engine.Models.Registry;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Registry;

public sealed class SqliteModelRegistryTests() : ModelRegistryTests(DatabaseOptions.Sqlite);

public sealed class PostgresModelRegistryTests() : ModelRegistryTests(DatabaseOptions.Postgres);

/// <summary>Deploy, redeploy, rollback and the listings on each provider; every change raises the revision and is audited.</summary>
public abstract class ModelRegistryTests(string provider) : ProviderSuite(provider)
{
    private readonly string _objects = Directory.CreateTempSubdirectory("portal-registry-").FullName;

    private async Task<(TestDatabase Database, ModelRegistry Registry, IObjectStore Store)> RegistryAsync()
    {
        var database = await DatabaseAsync();
        return (database, new ModelRegistry(new TestDbContextFactory(database), TimeProvider.System), new FileSystemObjectStore(_objects));
    }

    [SkippableFact]
    public async Task Deploy_creates_the_endpoint_a_new_version_keeps_the_old_for_rollback_and_rollback_swaps_them()
    {
        var (database, registry, store) = await RegistryAsync();
        var v1 = await TrainedModels.AddVersionAsync(database.NewContext, store, storeFile: false);
        var v2 = await TrainedModels.AddVersionAsync(database.NewContext, store, storeFile: false);

        var created = await registry.DeployAsync("product-category", v1.Id, "ana");
        Assert.Equal((v1.Id, (int?)null, 1L, "ana"), (created.ModelVersionId, created.PreviousModelVersionId, created.Revision, created.UpdatedBy));

        var updated = await registry.DeployAsync("product-category", v2.Id, "bo");
        Assert.Equal((v2.Id, (int?)v1.Id, 2L), (updated.ModelVersionId, updated.PreviousModelVersionId, updated.Revision));

        var rolledBack = await registry.RollbackAsync("product-category", "ana");
        Assert.Equal((v1.Id, (int?)v2.Id, 3L), (rolledBack.ModelVersionId, rolledBack.PreviousModelVersionId, rolledBack.Revision));
        var found = await registry.FindEndpointAsync("product-category");
        Assert.Equal((v1.Id, 3L), (found!.ModelVersionId, found.Revision));

        await using var db = database.NewContext();
        var audit = await db.AuditEntries.Where(a => a.EntityType == ModelRegistry.AuditEntityType && a.EntityId == "product-category").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["Deployed", "Deployed", "RolledBack"], audit.Select(a => a.Action));
        Assert.Equal(["ana", "bo", "ana"], audit.Select(a => a.UserName));
        Assert.Null(audit[0].BeforeJson);
        Assert.Contains($"\"modelVersionId\":{v1.Id}", audit[2].AfterJson);
    }

    [SkippableFact]
    public async Task Unknown_versions_bad_names_and_a_rollback_with_nothing_before_are_refused_at_their_field()
    {
        var (database, registry, store) = await RegistryAsync();
        var v1 = await TrainedModels.AddVersionAsync(database.NewContext, store, storeFile: false);

        var unknown = await Assert.ThrowsAsync<ModelsException>(() => registry.DeployAsync("product-category", v1.Id + 1000, "ana"));
        Assert.Equal("modelVersionId", unknown.Field);
        var badName = await Assert.ThrowsAsync<ModelsException>(() => registry.DeployAsync("bad--name", v1.Id, "ana"));
        Assert.Equal("endpoint", badName.Field);
        Assert.Contains("'-'", badName.Message);
        var noEndpoint = await Assert.ThrowsAsync<ModelsException>(() => registry.RollbackAsync("missing", "ana"));
        Assert.Equal("endpoint", noEndpoint.Field);

        await registry.DeployAsync("product-category", v1.Id, "ana");
        var nothingBefore = await Assert.ThrowsAsync<ModelsException>(() => registry.RollbackAsync("product-category", "ana"));
        Assert.Contains("no earlier version", nothingBefore.Message);
        Assert.Null(await registry.FindEndpointAsync("missing"));
    }

    [SkippableFact]
    public async Task A_version_trained_on_another_embedding_model_is_neither_deployed_nor_rolled_back_to()
    {
        var database = await DatabaseAsync();
        var store = new FileSystemObjectStore(_objects);
        var registry = new ModelRegistry(new TestDbContextFactory(database), TimeProvider.System, new NamedEmbedder(TrainedModels.EmbeddingModel));
        var ours = await TrainedModels.AddVersionAsync(database.NewContext, store, storeFile: false);
        var foreign = await TrainedModels.AddVersionAsync(database.NewContext, store, "clip-model", storeFile: false, embeddingModel: "clip-vit-b32-v1");

        var refused = await Assert.ThrowsAsync<ModelsException>(() => registry.DeployAsync("product-category", foreign.Id, "ana"));
        Assert.Equal("modelVersionId", refused.Field);
        Assert.Equal("clip-model version 1 was trained on clip-vit-b32-v1 embeddings, but this portal embeds images with resnet18-v1; its predictions "
            + "would be meaningless. Train a new version on a dataset built with resnet18-v1.", refused.Message);
        Assert.Null(await registry.FindEndpointAsync("product-category"));

        await registry.DeployAsync("product-category", ours.Id, "ana");
        await using (var db = database.NewContext()) // what another portal (running that network) left as the rollback target
            await db.ModelEndpoints.Where(e => e.Name == "product-category").ExecuteUpdateAsync(set => set.SetProperty(e => e.PreviousModelVersionId, foreign.Id));
        var rollback = await Assert.ThrowsAsync<ModelsException>(() => registry.RollbackAsync("product-category", "ana"));
        Assert.Contains("trained on clip-vit-b32-v1 embeddings", rollback.Message);
        Assert.Equal(ours.Id, (await registry.FindEndpointAsync("product-category"))!.ModelVersionId);
    }

    [SkippableFact]
    public async Task Concurrent_deploys_each_win_or_are_told_to_retry_and_the_revision_counts_the_winners()
    {
        var (database, registry, store) = await RegistryAsync();
        var versions = new List<ModelVersion>();
        for (var i = 0; i < 4; i++) versions.Add(await TrainedModels.AddVersionAsync(database.NewContext, store, storeFile: false));
        await registry.DeployAsync("product-category", versions[0].Id, "ana");

        var attempts = await Task.WhenAll(versions.Skip(1).Select(v => Task.Run(async () =>
        {
            try { await registry.DeployAsync("product-category", v.Id, "ana"); return true; }
            catch (ModelsException e) when (e.Message.Contains("changed by someone else")) { return false; }
        })));

        var endpoint = await registry.FindEndpointAsync("product-category");
        Assert.Equal(1 + attempts.Count(won => won), endpoint!.Revision);
        await using var db = database.NewContext();
        Assert.Equal(endpoint.Revision, await db.AuditEntries.CountAsync(a => a.EntityType == ModelRegistry.AuditEntityType));
    }

    [SkippableFact]
    public async Task The_listings_show_each_model_s_versions_with_metrics_and_each_endpoint_with_its_version()
    {
        var (database, registry, store) = await RegistryAsync();
        var v1 = await TrainedModels.AddVersionAsync(database.NewContext, store, storeFile: false);
        var v2 = await TrainedModels.AddVersionAsync(database.NewContext, store, storeFile: false);
        var other = await TrainedModels.AddVersionAsync(database.NewContext, store, "other-model", storeFile: false);
        await registry.DeployAsync("product-category", v1.Id, "ana");
        await registry.DeployAsync("product-category", v2.Id, "ana");
        await registry.DeployAsync("staging", v2.Id, "ana");

        var models = await registry.ListModelsAsync();
        Assert.Equal(["other-model", "product-category"], models.Select(m => m.Name));
        var product = models[1];
        Assert.Equal([2, 1], product.Versions.Select(v => v.Version.Version));
        Assert.Equal(["product-category", "staging"], product.Versions[0].ServedBy);
        Assert.Empty(product.Versions[1].ServedBy);
        Assert.Equal(v2.Accuracy, product.Versions[0].Version.Accuracy, 6);
        Assert.Equal(other.Id, models[0].Versions.Single().Version.Id);

        var endpoints = await registry.ListEndpointsAsync();
        Assert.Equal(["product-category", "staging"], endpoints.Select(e => e.Endpoint.Name));
        Assert.Equal((v2.Id, v1.Id), (endpoints[0].Serving.Id, endpoints[0].Previous!.Id));
        Assert.Null(endpoints[1].Previous);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_objects, recursive: true); } catch (IOException) { }
    }
}
