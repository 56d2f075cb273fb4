using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Registry;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Training;

/// <summary>
/// Runs one training job: reads the dataset version's rows (less those whose owners withdrew consent since), splits them (seeded, stratified), trains, evaluates, writes
/// the artifacts under <see cref="ModelsLayout.ModelPrefix"/> and registers the <see cref="ModelVersion"/>. A job taken
/// over after a restart reuses the version its first run registered (one version per job).
/// </summary>
public sealed class ModelTrainer(
    IDbContextFactory<PortalDbContext> dbFactory, IModelDatasets datasets, IObjectStore store, IOptions<ModelsOptions> options, TimeProvider clock)
{
    public async Task<ModelVersion> RunAsync(TrainingJob job, ITrainingProgress progress, CancellationToken cancellationToken)
    {
        var hyperparameters = Trainers.Resolve(job.Trainer, TrainingJobs.Hyperparameters(job));
        DatasetVersion version;
        string datasetName;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            version = await db.DatasetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == job.DatasetVersionId, cancellationToken)
                ?? throw new ModelsException($"Dataset version {job.DatasetVersionId} does not exist.", nameof(TrainingRequest.DatasetVersionId));
            datasetName = await db.ModelDatasets.Where(d => d.Id == version.DatasetId).Select(d => d.Name).FirstAsync(cancellationToken);
        }

        await progress.StepAsync(0.05, "Reading the dataset", $"Reading {datasetName} v{version.Version} (manifest {version.ManifestSha256[..Math.Min(12, version.ManifestSha256.Length)]}).", cancellationToken);
        var (rows, withdrawn) = await datasets.ReadTrainableVersionAsync(version.Id, cancellationToken);
        if (withdrawn > 0)
            await progress.LogAsync(Invariant($"Left out {withdrawn} of the version's rows: their owners no longer allow training (consent withdrawn or image deleted)."), cancellationToken);
        if (withdrawn > 0 && rows.Select(r => r.Label).Distinct().Count() < 2)
            throw new ModelsException(Invariant($"{datasetName} v{version.Version} has fewer than two labels left after leaving out {withdrawn} rows whose owners no longer allow training; create a new version."));

        var (train, validation) = StratifiedSplit.Split(rows, job.Seed, job.ValidationFraction);
        await progress.StepAsync(0.2, "Splitting", Invariant($"{rows.Count} rows of {rows.Select(r => r.Label).Distinct().Count()} labels: {train.Count} to train, {validation.Count} held out (seed {job.Seed}, fraction {job.ValidationFraction})."), cancellationToken);

        await progress.StepAsync(0.3, "Training", $"Training {job.Trainer} with {string.Join(", ", hyperparameters.Select(h => Invariant($"{h.Key}={h.Value}")))}.", cancellationToken);
        var started = clock.GetTimestamp();
        var trained = await Task.Run(() => ClassifierTraining.Train(train, validation, job.Trainer, hyperparameters, job.Seed), cancellationToken);
        trained = trained with { Metrics = trained.Metrics with { ConsentWithdrawnCount = withdrawn } };
        await progress.StepAsync(0.8, "Evaluating", Invariant($"Trained in {clock.GetElapsedTime(started).TotalSeconds:0.00} s: accuracy {trained.Metrics.Accuracy:0.000}, macro F1 {trained.Metrics.MacroF1:0.000} on {validation.Count} held-out rows."), cancellationToken);

        // The version is registered first (its number names the artifacts' folder) and taken back if anything after it
        // fails or is cancelled, so a deployable version always has its files.
        ModelVersion? modelVersion = null;
        try
        {
            modelVersion = await RegisterAsync(job, version, trained, cancellationToken);
            await progress.StepAsync(0.9, "Writing artifacts", $"Writing {ModelsLayout.ModelPrefix(job.ModelName, modelVersion.Version)} in bucket {options.Value.Bucket}.", cancellationToken);
            var record = new TrainingRecord(job.Id, job.ModelName, modelVersion.Version, version.Id, datasetName, version.Version, version.ManifestSha256,
                version.EmbeddingModel, job.Trainer, hyperparameters, job.Seed, job.ValidationFraction, train.Count, validation.Count, withdrawn);
            await WriteArtifactsAsync(job.ModelName, modelVersion.Version, trained, record, cancellationToken);
        }
        catch
        {
            if (modelVersion is not null) await UnregisterAsync(modelVersion.Id);
            throw;
        }
        return modelVersion;
    }

    /// <summary>A version whose artifacts could not be written is taken back, so nothing can deploy a model without its files.</summary>
    private async Task UnregisterAsync(int modelVersionId)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.ModelVersions.Where(v => v.Id == modelVersionId).ExecuteDeleteAsync();
        }
        catch (System.Data.Common.DbException)
        {
            // Deployed meanwhile (an endpoint refers to it): it stays, and the job's failure says why its files are missing.
        }
    }

    private async Task WriteArtifactsAsync(string model, int version, TrainedClassifier trained, TrainingRecord record, CancellationToken cancellationToken)
    {
        var bucket = options.Value.Bucket;
        await store.EnsureBucketAsync(bucket, cancellationToken);
        await PutAsync(ModelsLayout.ModelFile(model, version), trained.Model, "application/zip");
        await PutAsync(ModelsLayout.MetricsFile(model, version), TrainingArtifacts.Serialize(trained.Metrics), "application/json");
        await PutAsync(ModelsLayout.TrainingFile(model, version), TrainingArtifacts.Serialize(record), "application/json");
        await PutAsync(ModelsLayout.LabelsFile(model, version), TrainingArtifacts.Serialize(trained.Labels), "application/json");

        async Task PutAsync(string key, byte[] content, string type)
        {
            using var stream = new MemoryStream(content);
            await store.PutAsync(bucket, key, stream, type, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Version max+1 of the model name; a racing job that took the same number makes this one try the next.</summary>
    private async Task<ModelVersion> RegisterAsync(TrainingJob job, DatasetVersion dataset, TrainedClassifier trained, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await db.ModelVersions.FirstOrDefaultAsync(v => v.TrainingJobId == job.Id, cancellationToken) is { } earlier)
            {
                earlier.Accuracy = trained.Metrics.Accuracy;
                earlier.MacroF1 = trained.Metrics.MacroF1;
                earlier.MetricsJson = TrainingArtifacts.Serialize(trained.Metrics).AsString();
                earlier.LabelsJson = TrainingArtifacts.Serialize(trained.Labels).AsString();
                await db.SaveChangesAsync(cancellationToken);
                return earlier;
            }
            var next = (await db.ModelVersions.Where(v => v.ModelName == job.ModelName).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0) + 1;
            var version = new ModelVersion
            {
                ModelName = job.ModelName,
                Version = next,
                TrainingJobId = job.Id,
                DatasetVersionId = dataset.Id,
                Trainer = job.Trainer,
                Accuracy = trained.Metrics.Accuracy,
                MacroF1 = trained.Metrics.MacroF1,
                MetricsJson = TrainingArtifacts.Serialize(trained.Metrics).AsString(),
                LabelsJson = TrainingArtifacts.Serialize(trained.Labels).AsString(),
                EmbeddingModel = dataset.EmbeddingModel,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.ModelVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return version;
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e) && attempt < 5)
            {
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal static class Utf8Extensions
{
    public static string AsString(this byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8);
}
