using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Models.Registry;

namespace Portal.Engine.Models.Training;

/// <summary>A dataset version as the training form offers it.</summary>
public sealed record DatasetVersionChoice(int Id, string Dataset, int Version, int ItemCount, string LabelCountsJson, DateTime CreatedAt);

/// <summary>How much of each part of the models area there is (the area's home page).</summary>
public sealed record TrainingSummary(int DatasetVersions, int Jobs, int RunningJobs, int ModelVersions);

/// <summary>What the training pages read: recent jobs, the dataset versions to train on, a job's model version.</summary>
public sealed class TrainingQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<TrainingJob>> RecentJobsAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TrainingJobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DatasetVersionChoice>> DatasetVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from v in db.DatasetVersions
                          join d in db.ModelDatasets on v.DatasetId equals d.Id
                          select new DatasetVersionChoice(v.Id, d.Name, v.Version, v.ItemCount, v.LabelCountsJson, v.CreatedAt))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenByDescending(r => r.Version).ToList();
    }

    /// <summary>The dataset version a job names, with its dataset's name (null when it is gone).</summary>
    public async Task<DatasetVersionChoice?> DatasetVersionAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from v in db.DatasetVersions
                      join d in db.ModelDatasets on v.DatasetId equals d.Id
                      where v.Id == id
                      select new DatasetVersionChoice(v.Id, d.Name, v.Version, v.ItemCount, v.LabelCountsJson, v.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ModelVersion?> ModelVersionAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
    }

    public async Task<TrainingSummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new TrainingSummary(
            await db.DatasetVersions.CountAsync(cancellationToken),
            await db.TrainingJobs.CountAsync(cancellationToken),
            await db.TrainingJobs.CountAsync(j => j.Status == TrainingJobStatus.Queued || j.Status == TrainingJobStatus.Running, cancellationToken),
            await db.ModelVersions.CountAsync(cancellationToken));
    }
}
