using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Telemetry;
using Portal.Engine.Messaging.Relay;

namespace Portal.Engine.Operations;

/// <summary>
/// Listens to the request, rendition-cache and consumer-lag instruments in this process and, every
/// <see cref="SamplingOptions.Interval"/>, writes what it heard as an <see cref="InstanceSample"/> to the shared database
/// (with the outbox's backlog), pruning samples older than <see cref="SamplingOptions.Retention"/>. The Admin System page
/// reads them: every instance, its requests/s, error rate, p95, cache hit ratio and lags, and which instances are alive.
/// </summary>
public sealed class InstanceSampler(
    IDbContextFactory<PortalDbContext> dbFactory, IMeterFactory meters, IOptions<SamplingOptions> options, TimeProvider clock, ILogger<InstanceSampler> logger)
    : BackgroundService
{
    private readonly WindowFigures _window = new();
    private MeterListener? _listener;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _listener = Listen(_window, meters);
        var started = clock.GetUtcNow();
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = clock.GetUtcNow();
                try
                {
                    await SampleAsync(now, (now - started).TotalSeconds, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not write this instance's figures; the System page misses one sample");
                }
                started = now;
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Writes one sample of the window that ends now (tests call it directly).</summary>
    public async Task<InstanceSample> SampleAsync(DateTimeOffset now, double seconds, CancellationToken cancellationToken = default)
    {
        _listener?.RecordObservableInstruments();
        var (rate, errors, p95, hits, lag) = _window.Take(seconds);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = new InstanceSample
        {
            Instance = InstanceIdentity.Id, At = now.UtcDateTime, RequestsPerSecond = rate, ErrorRate = errors,
            P95Milliseconds = p95, CacheHitRatio = hits, ConsumerLag = lag,
            OutboxWaiting = await OutboxBacklog.CountAsync(db, cancellationToken),
        };
        db.InstanceSamples.Add(sample);
        await db.SaveChangesAsync(cancellationToken);
        var cutoff = now.UtcDateTime - options.Value.Retention;
        await db.InstanceSamples.Where(s => s.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        return sample;
    }

    /// <summary>The instruments the System page needs, into <paramref name="window"/>.</summary>
    /// <param name="meters">This host's meter factory: ASP.NET Core's and the pipeline's instruments are heard only from it, not
    /// from other hosts in the same process (tests).</param>
    internal static MeterListener Listen(WindowFigures window, IMeterFactory meters)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                var own = instrument.Meter.Scope == meters;
                if (instrument is { Meter.Name: "Microsoft.AspNetCore.Hosting", Name: "http.server.request.duration" } && own
                    || instrument is { Meter.Name: PortalTelemetry.EventsName, Name: "portal.events.lag" } && own
                    || instrument is { Meter.Name: PortalTelemetry.ImagesName, Name: "portal.images.renditions" })
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
            window.Request(seconds * 1000, Tag(tags, "http.response.status_code") is int status ? status : 0));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "portal.images.renditions") window.Rendition(Tag(tags, "result") as string == "hit");
            else window.Lag($"{Tag(tags, "group")}/{Tag(tags, "topic")}/{Tag(tags, "partition")}", value);
        });
        listener.Start();
        return listener;
    }

    private static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
            if (tag.Key == name) return tag.Value;
        return null;
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }
}
