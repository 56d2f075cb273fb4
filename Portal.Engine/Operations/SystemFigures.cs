using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;

namespace Portal.Engine.Operations;

/// <summary>One instance as the System page lists it: its latest sample and whether it still reports.</summary>
public sealed record InstanceView(string Instance, DateTime LastSeen, bool Alive, InstanceSample Latest);

/// <summary>The whole deployment in one sampling slice: requests summed over instances, the worst p95, the mean hit ratio.</summary>
public sealed record SystemPoint(DateTime At, double RequestsPerSecond, double ErrorRate, double? P95Milliseconds, double? CacheHitRatio,
    long OutboxWaiting, long ConsumerLag);

public sealed record SystemOverview(IReadOnlyList<InstanceView> Instances, IReadOnlyList<SystemPoint> Series)
{
    public SystemPoint? Now => Series.Count > 0 ? Series[^1] : null;
}

/// <summary>Reads the instances' samples for the Admin System page.</summary>
public sealed class SystemFigures(IDbContextFactory<PortalDbContext> dbFactory, IOptions<SamplingOptions> options, TimeProvider clock)
{
    /// <summary>The instances that reported within <paramref name="window"/> and the deployment's figures over it, oldest first.</summary>
    public async Task<SystemOverview> ReadAsync(TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - window;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var samples = await db.InstanceSamples.AsNoTracking().Where(s => s.At >= since).OrderBy(s => s.At).ToListAsync(cancellationToken);
        var interval = options.Value.Interval;
        var instances = samples.GroupBy(s => s.Instance)
            .Select(g => g.Last())
            .Select(s => new InstanceView(s.Instance, s.At, now - s.At <= interval * 3, s))
            .OrderByDescending(i => i.Alive).ThenBy(i => i.Instance, StringComparer.Ordinal)
            .ToList();
        var slice = interval.Ticks;
        var series = samples.GroupBy(s => s.At.Ticks / slice)
            .OrderBy(g => g.Key)
            .Select(g => Point(new DateTime(g.Key * slice, DateTimeKind.Utc) + interval, g.GroupBy(s => s.Instance).Select(i => i.Last()).ToList()))
            .ToList();
        return new SystemOverview(instances, series);
    }

    private static SystemPoint Point(DateTime at, List<InstanceSample> slice)
    {
        var requests = slice.Sum(s => s.RequestsPerSecond);
        var errors = requests > 0 ? slice.Sum(s => s.RequestsPerSecond * s.ErrorRate) / requests : 0;
        var p95 = slice.Max(s => s.P95Milliseconds);
        var hits = slice.Where(s => s.CacheHitRatio is not null).Select(s => s.CacheHitRatio!.Value).DefaultIfEmpty(double.NaN).Average();
        return new SystemPoint(at, requests, errors, p95, double.IsNaN(hits) ? null : hits,
            slice.Max(s => s.OutboxWaiting), slice.Sum(s => s.ConsumerLag));
    }
}
