using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Training;

namespace Portal.Engine.Models.Serving;

/// <summary>
/// In demo mode, once the app has started and the demo photos are composed: when <c>Models:DemoEndpoint</c> has no
/// deployment yet, builds the product-categories dataset, makes sure every product photo has its embedding, trains
/// the default trainer (seed 42) and deploys the result, so a fresh start answers predictions without an analyst.
/// Runs in the background and only logs: the shop does not depend on it.
/// </summary>
public sealed class DemoEndpointDeployment(
    IServiceProvider services,
    IOptions<ModelsOptions> options,
    IOptions<DemoOptions> demo,
    ILogger<DemoEndpointDeployment> logger) : BackgroundService
{
    public const string By = "demo model";
    public const string Trainer = "lbfgs-maximum-entropy";

    /// <summary>Completes when this instance's attempt has ended (for tests to wait on).</summary>
    public Task Completion => _completion.Task;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let start-up go on
        try
        {
            if (demo.Value.Enabled && options.Value.Enabled && options.Value.DeployDemoAtStartup) await DeployAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "The demo model could not be trained and deployed to endpoint {Endpoint}.", options.Value.DemoEndpoint);
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    /// <summary>Trains and deploys the demo model unless the endpoint exists; returns the endpoint, or null when it could not.</summary>
    public async Task<ModelEndpoint?> DeployAsync(CancellationToken cancellationToken)
    {
        var endpoint = options.Value.DemoEndpoint;
        var registry = services.GetRequiredService<IModelRegistry>();
        if (await registry.FindEndpointAsync(endpoint, cancellationToken) is { } existing) return existing;
        if (services.GetService<DemoPhotoBackfill>() is { } photos) await photos.Completion.WaitAsync(cancellationToken);

        var datasets = services.GetService<IModelDatasets>();
        var embeddings = services.GetService<IImageEmbeddings>();
        var training = services.GetService<IModelTraining>();
        if (datasets is null || embeddings is null || training is null)
        {
            logger.LogWarning("The demo model is not trained: datasets, embeddings or training are not part of this build.");
            return null;
        }

        logger.LogInformation("Training the demo model for endpoint {Endpoint}.", endpoint);
        var dataset = await datasets.EnsureProductCategoriesAsync(By, cancellationToken);
        var embedded = await EmbedProductPhotosAsync(embeddings, cancellationToken);
        var version = await datasets.CreateVersionAsync(dataset.Id, By, cancellationToken);
        var job = await training.StartAsync(new TrainingRequest(endpoint, version.Id, Trainer, Seed: 42), By, cancellationToken);
        job = await training.WaitAsync(job.Id, cancellationToken);
        if (job is not { Status: TrainingJobStatus.Succeeded, ModelVersionId: { } modelVersionId })
        {
            logger.LogError("The demo model's training job {Job} ended {Status}: {Error}", job.Id, job.Status, job.Error);
            return null;
        }
        var deployed = await registry.DeployAsync(endpoint, modelVersionId, By, cancellationToken);
        logger.LogInformation("Demo model deployed to endpoint {Endpoint} ({Photos} product photos, dataset version {DatasetVersion}).",
            endpoint, embedded, version.Version);
        return deployed;
    }

    private async Task<int> EmbedProductPhotosAsync(IImageEmbeddings embeddings, CancellationToken cancellationToken)
    {
        List<(int Id, string Key)> photos;
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            photos = (await db.CatalogItems.AsNoTracking().Where(i => i.PhotoKey != null).Select(i => new { i.Id, i.PhotoKey })
                .ToListAsync(cancellationToken)).Select(i => (i.Id, i.PhotoKey!)).ToList();
        }
        var embedded = 0;
        foreach (var (id, key) in photos)
        {
            try
            {
                await embeddings.EnsureAsync(new ImageRef(ImageSource.Product, key, CatalogItemId: id), cancellationToken);
                embedded++;
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                logger.LogWarning("Product photo {Key} of item {Item} has no embedding: {Reason}", key, id, e.Message);
            }
        }
        return embedded;
    }
}
