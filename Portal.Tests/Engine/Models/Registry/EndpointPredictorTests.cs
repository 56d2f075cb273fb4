using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Models;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Serving;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Registry;

public sealed class SqliteEndpointPredictorTests() : EndpointPredictorTests(DatabaseOptions.Sqlite);

public sealed class PostgresEndpointPredictorTests() : EndpointPredictorTests(DatabaseOptions.Postgres);

/// <summary>
/// Real trained models served from the object store: the right labels with probabilities, SageMaker's two failures
/// (no endpoint, a model that cannot load), and a deploy while requests are in flight.
/// </summary>
public abstract class EndpointPredictorTests(string provider) : ProviderSuite(provider)
{
    private readonly string _objects = Directory.CreateTempSubdirectory("portal-serving-").FullName;

    private async Task<(TestDatabase Database, ModelRegistry Registry, EndpointPredictor Predictor, IObjectStore Store)> ServingAsync()
    {
        var database = await DatabaseAsync();
        var factory = new TestDbContextFactory(database);
        var store = new FileSystemObjectStore(_objects);
        var predictor = new EndpointPredictor(factory, store, Options.Create(new ModelsOptions { Bucket = TrainedModels.Bucket }), TimeProvider.System,
            NullLogger<EndpointPredictor>.Instance, new NamedEmbedder(TrainedModels.EmbeddingModel));
        return (database, new ModelRegistry(factory, TimeProvider.System), predictor, store);
    }

    [SkippableFact]
    public async Task A_deployed_model_answers_the_right_label_first_with_probabilities_that_sum_to_one()
    {
        var (database, registry, predictor, store) = await ServingAsync();
        var v1 = await TrainedModels.AddVersionAsync(database.NewContext, store);
        await registry.DeployAsync("product-category", v1.Id, "ana");

        for (var label = 0; label < TrainedModels.Labels.Length; label++)
        {
            var prediction = await predictor.PredictAsync("product-category", TrainedModels.Features(label, 7000 + label), top: 3);
            Assert.Equal(("product-category", "product-category", 1, v1.Id), (prediction.Endpoint, prediction.ModelName, prediction.ModelVersion, prediction.ModelVersionId));
            Assert.Equal(TrainedModels.Labels[label], prediction.Labels[0].Label);
            Assert.True(prediction.Labels[0].Probability > 0.8, $"{prediction.Labels[0].Probability}");
            Assert.Equal(1.0, prediction.Labels.Sum(l => l.Probability), 3);
            Assert.Equal(TrainedModels.Labels.Order(), prediction.Labels.Select(l => l.Label).Order());
        }
        Assert.Single((await predictor.PredictAsync("product-category", TrainedModels.Features(0, 1), top: 1)).Labels);
    }

    [SkippableFact]
    public async Task An_unknown_endpoint_is_not_found_and_a_model_whose_file_is_missing_is_a_model_error()
    {
        var (database, registry, predictor, store) = await ServingAsync();
        await Assert.ThrowsAsync<EndpointNotFoundException>(() => predictor.PredictAsync("nothing-here", TrainedModels.Features(0, 1), 3));

        var missing = await TrainedModels.AddVersionAsync(database.NewContext, store, storeFile: false);
        await registry.DeployAsync("broken", missing.Id, "ana");
        var error = await Assert.ThrowsAsync<EndpointModelException>(() => predictor.PredictAsync("broken", TrainedModels.Features(0, 1), 3));
        Assert.Contains("missing", error.Message);

        var wrongSize = await TrainedModels.AddVersionAsync(database.NewContext, store);
        await registry.DeployAsync("working", wrongSize.Id, "ana");
        await Assert.ThrowsAsync<EndpointModelException>(() => predictor.PredictAsync("working", new float[10], 3));
    }

    [SkippableFact]
    public async Task An_endpoint_whose_version_was_trained_on_another_embedding_model_is_a_model_error_not_predictions()
    {
        var (database, _, predictor, store) = await ServingAsync();
        var foreign = await TrainedModels.AddVersionAsync(database.NewContext, store, "clip-model", embeddingModel: "clip-vit-b32-v1");
        await using (var db = database.NewContext()) // the registry refuses this deploy; the row is what another portal's would leave
        {
            db.ModelEndpoints.Add(new ModelEndpoint { Name = "foreign", ModelVersionId = foreign.Id, Revision = 1, UpdatedBy = "test", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<EndpointModelException>(() => predictor.PredictAsync("foreign", TrainedModels.Features(0, 1), 3));

        Assert.Equal("foreign", error.Endpoint);
        Assert.StartsWith("clip-model version 1 was trained on clip-vit-b32-v1 embeddings, but this portal embeds images with resnet18-v1", error.Message);
    }

    [SkippableFact]
    public async Task A_deploy_during_concurrent_predictions_drops_none_and_every_caller_moves_to_the_new_version_for_good()
    {
        var (database, registry, predictor, store) = await ServingAsync();
        var v1 = await TrainedModels.AddVersionAsync(database.NewContext, store);
        var v2 = await TrainedModels.AddVersionAsync(database.NewContext, store);
        await registry.DeployAsync("product-category", v1.Id, "ana");
        await predictor.PredictAsync("product-category", TrainedModels.Features(0, 1), 3); // loaded

        using var stop = new CancellationTokenSource();
        var deployedAt = DateTime.MaxValue;
        var callers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            var seen = new List<(DateTime At, int Version)>();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var prediction = await predictor.PredictAsync("product-category", TrainedModels.Features(i % 3, caller * 100_000 + i), 3);
                Assert.Equal(TrainedModels.Labels[i % 3], prediction.Labels[0].Label);
                seen.Add((DateTime.UtcNow, prediction.ModelVersion));
                await Task.Delay(1); // a cached model answers synchronously: leave threads for the deploy on 2 cores
            }
            return seen;
        })).ToList();

        await Task.Delay(300);
        await registry.DeployAsync("product-category", v2.Id, "bo");
        deployedAt = DateTime.UtcNow;
        await Task.Delay(EndpointPredictor.RevisionCheckInterval + TimeSpan.FromSeconds(1.5));
        await stop.CancelAsync();
        var results = await Task.WhenAll(callers); // any failed prediction fails here

        foreach (var seen in results)
        {
            Assert.NotEmpty(seen);
            var versions = seen.Select(s => s.Version).ToList();
            Assert.Equal(1, versions[0]);
            Assert.Equal(2, versions[^1]);
            // One switch, never back: the swap is a single reference write.
            Assert.Equal(versions.OrderBy(v => v), versions);
            Assert.All(seen.Where(s => s.At > deployedAt + EndpointPredictor.RevisionCheckInterval + TimeSpan.FromMilliseconds(500)), s => Assert.Equal(2, s.Version));
        }

        await registry.RollbackAsync("product-category", "ana");
        await Task.Delay(EndpointPredictor.RevisionCheckInterval + TimeSpan.FromMilliseconds(200));
        await predictor.PredictAsync("product-category", TrainedModels.Features(0, 1), 3); // the check that sees the rollback
        Assert.Equal(1, (await predictor.PredictAsync("product-category", TrainedModels.Features(0, 2), 3)).ModelVersion);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_objects, recursive: true); } catch (IOException) { }
    }
}
