using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Athena;

/// <summary>
/// Runs queued executions in the background, at most <see cref="AthenaApiOptions.MaxConcurrentQueries"/> at once per
/// instance, through the configured <see cref="IAnalyticsQueryEngine"/>, and writes their results to the output
/// location. Every instance runs one; the database row decides which instance runs a query, and a stop sent to any
/// instance reaches the runner as the row turning CANCELLED, which it notices at its next heartbeat.
/// </summary>
public sealed class AthenaQueryRunner(
    IServiceScopeFactory scopes, AthenaExecutionStore store, AthenaResultFiles results, IOptions<AthenaApiOptions> options,
    IOptions<QueryOptions> queryOptions, ILogger<AthenaQueryRunner> logger) : BackgroundService
{
    private readonly string _runner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>Looks for queued work now instead of at the next poll (called after a start on this instance).</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var lastAbandonedCheck = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTime.UtcNow - lastAbandonedCheck > o.AbandonedAfter / 4)
                {
                    await store.FailAbandonedAsync(o.AbandonedAfter, stoppingToken);
                    lastAbandonedCheck = DateTime.UtcNow;
                }
                foreach (var stopped in await store.HeartbeatAsync(_runner, _running.Keys.ToList(), stoppingToken))
                    if (_running.TryGetValue(stopped, out var cts)) await cts.CancelAsync();
                while (_running.Count < o.MaxConcurrentQueries && await store.ClaimNextAsync(_runner, stoppingToken) is { } execution)
                {
                    var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    _running[execution.Id] = cts;
                    _ = Task.Run(() => RunAsync(execution, cts), CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                logger.LogWarning(e, "The Athena query runner could not reach the database; it tries again.");
            }
            try { await _wake.WaitAsync(o.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task RunAsync(AthenaQueryExecution execution, CancellationTokenSource cts)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var scope = scopes.CreateScope();
            var engine = scope.ServiceProvider.GetRequiredService<IAnalyticsQueryEngine>();
            var result = await engine.RunAsync(new AnalyticsQuery(execution.QueryString), cts.Token);
            cts.Token.ThrowIfCancellationRequested();
            if (AthenaResultLimit.Exceeded(result, queryOptions.Value.Query) is { } tooLarge)
            {
                await TryFailAsync(execution.Id, tooLarge, 2, clock);
                return;
            }
            S3Location.TryParse(execution.OutputLocation, out var location);
            await results.WriteAsync(location, execution.Id, result, cts.Token);
            await store.SucceedAsync(execution.Id, result.Rows.Count, result.DataScannedBytes, (long)result.Elapsed.TotalMilliseconds, null, CancellationToken.None);
        }
        catch (Exception e) when (cts.IsCancellationRequested)
        {
            // Stopped by the analyst (the row is CANCELLED already), or this instance is shutting down.
            if (e is not OperationCanceledException and not AnalyticsQueryException) logger.LogDebug(e, "Query {Id} ended while being stopped.", execution.Id);
            await TryFailAsync(execution.Id, "The portal instance running the query stopped; start the query again.", 1, clock);
        }
        catch (AnalyticsQueryException e)
        {
            var category = e.Refusal is QueryRefusal.Unavailable ? 1 : e.Refusal is QueryRefusal.Timeout ? 3 : 2;
            var reason = e.Position is { } at ? $"{e.Message} (at character {at + 1})" : e.Message;
            await TryFailAsync(execution.Id, reason, category, clock);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Query {Id} failed unexpectedly.", execution.Id);
            await TryFailAsync(execution.Id, "The query failed inside the portal: " + e.Message, 1, clock);
        }
        finally
        {
            _running.TryRemove(execution.Id, out _);
            cts.Dispose();
            _wake.Release();
        }
    }

    private async Task TryFailAsync(string id, string reason, int category, Stopwatch clock)
    {
        try { await store.FailAsync(id, reason, category, clock.ElapsedMilliseconds, CancellationToken.None); }
        catch (Exception e) { logger.LogWarning(e, "Could not record that query {Id} failed; the abandoned-query check will.", id); }
    }
}
