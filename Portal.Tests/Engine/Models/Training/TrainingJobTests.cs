using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Portal.Engine.Data;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Training;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Training;

public sealed class SqliteTrainingJobTests() : TrainingJobTests(DatabaseOptions.Sqlite);

public sealed class PostgresTrainingJobTests() : TrainingJobTests(DatabaseOptions.Postgres);

/// <summary>Training jobs on each provider: queued by a start, run by a runner to their artifacts, cancelled, failed, taken over.</summary>
public abstract class TrainingJobTests(string provider) : ProviderSuite(provider)
{
    /// <summary>The models bucket (a provider test gives each test its own).</summary>
    protected virtual string Bucket => "portal-models";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-training-tests-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;
    private InTestDatasetVersions _datasets = default!;

    /// <summary>
    /// The object store training writes to: a folder store in <paramref name="root"/> unless a provider test says otherwise.
    /// <paramref name="unwritable"/>: one where every write to the bucket fails.
    /// </summary>
    protected virtual Task<IObjectStore> CreateStoreAsync(string root, string bucket, bool unwritable)
    {
        if (unwritable)
        {
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, bucket), "not a folder"); // a file where the bucket's folder should be
        }
        return Task.FromResult<IObjectStore>(new FileSystemObjectStore(root));
    }

    private async Task<IServiceProvider> ServicesAsync(bool unwritableStore = false)
    {
        if (_services is not null) return _services;
        var database = await DatabaseAsync();
        _datasets = new InTestDatasetVersions(database);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(database));
        services.AddSingleton(await CreateStoreAsync(_root, Bucket, unwritableStore));
        services.AddSingleton<IModelDatasets>(_datasets);
        services.AddOptions<ModelsOptions>().Configure(o => { o.Bucket = Bucket; o.TrainingLease = TimeSpan.FromSeconds(30); });
        services.AddModelTraining();
        return _services = services.BuildServiceProvider();
    }

    private async Task<(IModelTraining Training, TrainingRunner Runner)> ArrangeAsync(bool unwritableStore = false)
    {
        var services = await ServicesAsync(unwritableStore);
        return (services.GetRequiredService<IModelTraining>(), services.GetRequiredService<TrainingRunner>());
    }

    private Task<DatasetVersion> SyntheticVersionAsync(string name = "synthetic", int perLabel = 20) =>
        _datasets.AddAsync(name, SyntheticEmbeddings.Rows(SyntheticEmbeddings.Categories, perLabel));

    private static TrainingRequest Request(int datasetVersionId, string model = "product-category", int seed = 42) =>
        new(model, datasetVersionId, Trainers.LbfgsMaximumEntropy, new Dictionary<string, double> { ["L2Regularization"] = 0.5 }, seed, 0.25);

    private async Task<string> ReadAsync(string key)
    {
        var store = (await ServicesAsync()).GetRequiredService<IObjectStore>();
        await using var stored = await store.GetAsync(Bucket, key) ?? throw new Xunit.Sdk.XunitException($"No object {key}");
        return await new StreamReader(stored.Content).ReadToEndAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        await base.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_job_runs_to_succeeded_with_its_artifacts_and_a_registered_version()
    {
        var (training, runner) = await ArrangeAsync();
        var version = await SyntheticVersionAsync();

        var queued = await training.StartAsync(Request(version.Id), "analyst");
        Assert.Equal(TrainingJobStatus.Queued, queued.Status);
        Assert.Equal(queued.Id, await runner.RunOnceAsync());
        var job = await training.WaitAsync(queued.Id);

        Assert.Equal(TrainingJobStatus.Succeeded, job.Status);
        Assert.Equal(1, job.Progress);
        Assert.Null(job.LeaseOwner);
        Assert.NotNull(job.EndedAt);
        var lines = TrainingJobs.LogLines(job.Log);
        Assert.Contains(lines, l => l.Contains("45 to train, 15 held out"));
        Assert.Contains(lines, l => l.Contains("Succeeded: product-category version 1"));

        await using var db = (await DatabaseAsync()).NewContext();
        var model = await db.ModelVersions.SingleAsync();
        Assert.Equal(job.ModelVersionId, model.Id);
        Assert.Equal((1, "product-category", version.Id), (model.Version, model.ModelName, model.DatasetVersionId));
        Assert.True(model.Accuracy >= 0.9, $"accuracy {model.Accuracy}");
        Assert.Equal("resnet18-v1", model.EmbeddingModel);

        var metrics = TrainingArtifacts.ReadMetrics(await ReadAsync(ModelsLayout.MetricsFile("product-category", 1)))!;
        Assert.Equal(model.Accuracy, metrics.Accuracy);
        Assert.Equal(15, metrics.ValidationCount);
        Assert.Equal(["lamps", "mugs", "posters"], JsonSerializer.Deserialize<string[]>(await ReadAsync(ModelsLayout.LabelsFile("product-category", 1))));
        using var record = JsonDocument.Parse(await ReadAsync(ModelsLayout.TrainingFile("product-category", 1)));
        Assert.Equal(version.Id, record.RootElement.GetProperty("datasetVersionId").GetInt32());
        Assert.Equal(version.ManifestSha256, record.RootElement.GetProperty("manifestSha256").GetString());
        Assert.Equal(0.5, record.RootElement.GetProperty("hyperparameters").GetProperty("L2Regularization").GetDouble());
        Assert.Equal(42, record.RootElement.GetProperty("seed").GetInt32());

        var store = (await ServicesAsync()).GetRequiredService<IObjectStore>();
        await using var zip = (await store.GetAsync(Bucket, ModelsLayout.ModelFile("product-category", 1)))!;
        var ml = new MLContext(0);
        var loaded = ml.Model.Load(zip.Content, out var schema);
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(loaded, inputSchema: schema);
        Assert.Equal(3, engine.Predict(new ModelInput { Features = new float[ModelInput.Dimensions] }).Score.Length);
    }

    [SkippableFact]
    public async Task The_same_seed_and_dataset_give_the_same_metrics_and_the_next_version_number()
    {
        var (training, runner) = await ArrangeAsync();
        var version = await SyntheticVersionAsync();

        var first = await training.StartAsync(Request(version.Id), "analyst");
        await runner.RunOnceAsync();
        var second = await training.StartAsync(Request(version.Id), "analyst");
        await runner.RunOnceAsync();

        await using var db = (await DatabaseAsync()).NewContext();
        var models = await db.ModelVersions.OrderBy(v => v.Version).ToListAsync();
        Assert.Equal([1, 2], models.Select(m => m.Version));
        Assert.Equal([first.Id, second.Id], models.Select(m => m.TrainingJobId));
        Assert.Equal(models[0].MetricsJson, models[1].MetricsJson);
        Assert.Equal(await ReadAsync(ModelsLayout.MetricsFile("product-category", 1)), await ReadAsync(ModelsLayout.MetricsFile("product-category", 2)));
    }

    [SkippableFact]
    public async Task A_bad_request_is_refused_at_its_field_and_nothing_is_queued()
    {
        var (training, _) = await ArrangeAsync();
        var version = await SyntheticVersionAsync();

        async Task<string?> FieldOf(TrainingRequest request) =>
            (await Assert.ThrowsAsync<ModelsException>(() => training.StartAsync(request, "analyst"))).Field;

        Assert.Equal("ModelName", await FieldOf(Request(version.Id, model: "-bad--name")));
        Assert.Equal("ModelName", await FieldOf(Request(version.Id, model: new string('a', 64))));
        foreach (var name in new[] { "Product-Category", "1st-model", "model-" })
            Assert.Equal("ModelName", await FieldOf(Request(version.Id, model: name)));
        Assert.Contains("lower case only", (await Assert.ThrowsAsync<ModelsException>(() => training.StartAsync(Request(version.Id, model: "Lamps"), "analyst"))).Message);
        Assert.Equal("DatasetVersionId", await FieldOf(Request(version.Id + 1000)));
        Assert.Equal("Trainer", await FieldOf(Request(version.Id) with { Trainer = "fast-tree" }));
        Assert.Equal("ValidationFraction", await FieldOf(Request(version.Id) with { ValidationFraction = 0.6 }));
        Assert.Equal("ValidationFraction", await FieldOf(Request(version.Id) with { ValidationFraction = 0.01 }));
        Assert.Equal("Hyperparameters.HistorySize", await FieldOf(Request(version.Id) with { Hyperparameters = new Dictionary<string, double> { ["HistorySize"] = 0 } }));
        await using var db = (await DatabaseAsync()).NewContext();
        Assert.Equal(0, await db.TrainingJobs.CountAsync());
    }

    [SkippableFact]
    public async Task Cancelling_a_queued_job_ends_it_and_no_runner_picks_it_up()
    {
        var (training, runner) = await ArrangeAsync();
        var job = await training.StartAsync(Request((await SyntheticVersionAsync()).Id), "analyst");

        await training.CancelAsync(job.Id, "analyst");

        Assert.Null(await runner.RunOnceAsync());
        var cancelled = await training.WaitAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Cancelled, cancelled.Status);
        Assert.Contains("Cancelled by analyst", cancelled.Log);
        await training.CancelAsync(job.Id, "analyst");   // a finished job stays as it is
        Assert.Equal(TrainingJobStatus.Cancelled, (await training.FindAsync(job.Id))!.Status);
    }

    [SkippableFact]
    public async Task A_running_job_asked_to_cancel_stops_at_its_next_step_without_a_model()
    {
        var (training, runner) = await ArrangeAsync();
        var job = await training.StartAsync(Request((await SyntheticVersionAsync()).Id), "analyst");
        await SetAsync(job.Id, TrainingJobStatus.Running, "instance-that-died", DateTime.UtcNow.AddSeconds(-5));
        await training.CancelAsync(job.Id, "analyst");

        Assert.Equal(job.Id, await runner.RunOnceAsync());

        var cancelled = await training.WaitAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Cancelled, cancelled.Status);
        Assert.Null(cancelled.ModelVersionId);
        await using var db = (await DatabaseAsync()).NewContext();
        Assert.Equal(0, await db.ModelVersions.CountAsync());
    }

    [SkippableFact]
    public async Task A_cancel_noticed_after_the_version_is_registered_takes_it_back_and_writes_no_artifacts()
    {
        var (training, _) = await ArrangeAsync();
        var job = await training.StartAsync(Request((await SyntheticVersionAsync()).Id), "analyst");
        await using var scope = (await ServicesAsync()).CreateAsyncScope();
        var progress = new CancelledAtStage("Writing artifacts");

        await Assert.ThrowsAsync<TrainingCancelledException>(() => scope.ServiceProvider.GetRequiredService<ModelTrainer>().RunAsync(job, progress, default));

        Assert.Equal("Writing artifacts", progress.Stages[^1]);
        await using var db = (await DatabaseAsync()).NewContext();
        Assert.Equal(0, await db.ModelVersions.CountAsync());
        var store = (await ServicesAsync()).GetRequiredService<IObjectStore>();
        Assert.Null(await store.GetAsync(Bucket, ModelsLayout.ModelFile("product-category", 1)));
    }

    /// <summary>Progress that asks to cancel when the job reaches <paramref name="stage"/>, as a cancel from the page would be noticed there.</summary>
    private sealed class CancelledAtStage(string stage) : ITrainingProgress
    {
        public List<string> Stages { get; } = [];

        public Task StepAsync(double progress, string reached, string logLine, CancellationToken cancellationToken)
        {
            Stages.Add(reached);
            return reached == stage ? throw new TrainingCancelledException() : Task.CompletedTask;
        }

        public Task LogAsync(string logLine, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [SkippableFact]
    public async Task A_failing_job_ends_failed_with_the_reason()
    {
        var (training, runner) = await ArrangeAsync();
        var oneLabel = await _datasets.AddAsync("one-label", SyntheticEmbeddings.Rows(["lamps"], perLabel: 10));
        var job = await training.StartAsync(Request(oneLabel.Id), "analyst");

        await runner.RunOnceAsync();

        var failed = await training.WaitAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Failed, failed.Status);
        Assert.Contains("at least two labels", failed.Error);
        Assert.Contains("Failed: Training needs rows of at least two labels", failed.Log);
        Assert.Null(failed.LeaseOwner);
    }

    [SkippableFact]
    public async Task A_job_whose_artifacts_cannot_be_written_fails_and_takes_its_version_back()
    {
        var (training, runner) = await ArrangeAsync(unwritableStore: true);
        var job = await training.StartAsync(Request((await SyntheticVersionAsync()).Id), "analyst");

        await runner.RunOnceAsync();

        var failed = await training.WaitAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Failed, failed.Status);
        Assert.Contains("Exception", failed.Error);
        Assert.Null(failed.ModelVersionId);
        await using var db = (await DatabaseAsync()).NewContext();
        Assert.Equal(0, await db.ModelVersions.CountAsync());
    }

    [SkippableFact]
    public async Task A_running_job_whose_lease_expired_is_taken_over_and_one_still_held_is_left_alone()
    {
        var (training, runner) = await ArrangeAsync();
        var version = await SyntheticVersionAsync();
        var held = await training.StartAsync(Request(version.Id, model: "held"), "analyst");
        var abandoned = await training.StartAsync(Request(version.Id, model: "abandoned"), "analyst");
        await SetAsync(held.Id, TrainingJobStatus.Running, "instance-alive", DateTime.UtcNow.AddMinutes(5));
        await SetAsync(abandoned.Id, TrainingJobStatus.Running, "instance-that-died", DateTime.UtcNow.AddSeconds(-1));

        Assert.Equal(abandoned.Id, await runner.RunOnceAsync());
        Assert.Null(await runner.RunOnceAsync());

        var done = await training.WaitAsync(abandoned.Id);
        Assert.Equal(TrainingJobStatus.Succeeded, done.Status);
        Assert.Contains("Taken over by", done.Log);
        var still = (await training.FindAsync(held.Id))!;
        Assert.Equal((TrainingJobStatus.Running, "instance-alive"), (still.Status, still.LeaseOwner));
    }

    private async Task SetAsync(Guid id, TrainingJobStatus status, string owner, DateTime leaseExpiresAt)
    {
        await using var db = (await DatabaseAsync()).NewContext();
        await db.TrainingJobs.Where(j => j.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.Status, status).SetProperty(j => j.LeaseOwner, owner)
            .SetProperty(j => j.LeaseExpiresAt, leaseExpiresAt).SetProperty(j => j.StartedAt, DateTime.UtcNow.AddMinutes(-1)));
    }
}
