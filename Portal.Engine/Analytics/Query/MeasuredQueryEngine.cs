using System.Diagnostics;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Telemetry;

namespace Portal.Engine.Analytics.Query;

/// <summary>
/// An <see cref="IAnalyticsQueryEngine"/> whose queries are <c>analytics.query</c> spans (the SQL as <c>db.query.text</c>)
/// and whose durations go to <c>portal.analytics.query.duration</c> by engine and outcome (succeeded or the refusal).
/// </summary>
public sealed class MeasuredQueryEngine(IAnalyticsQueryEngine inner) : IAnalyticsQueryEngine
{
    public string Name => inner.Name;

    public async Task<QueryResult> RunAsync(AnalyticsQuery query, CancellationToken cancellationToken = default)
    {
        using var activity = PortalTelemetry.Analytics.StartActivity("analytics.query");
        activity?.SetTag("db.system.name", inner.Name);
        activity?.SetTag("db.query.text", query.Sql.Length > 4096 ? query.Sql[..4096] : query.Sql);
        var started = Stopwatch.GetTimestamp();
        var outcome = "succeeded";
        try
        {
            var result = await inner.RunAsync(query, cancellationToken);
            activity?.SetTag("db.response.returned_rows", result.Rows.Count);
            return result;
        }
        catch (AnalyticsQueryException e)
        {
            outcome = e.Refusal.ToString().ToLowerInvariant();
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        catch (Exception e)
        {
            outcome = "error";
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            AnalyticsMetrics.Queried(Stopwatch.GetElapsedTime(started).TotalMilliseconds, inner.Name, outcome);
        }
    }

    public Task<IReadOnlyList<LakeTable>> TablesAsync(CancellationToken cancellationToken = default) => inner.TablesAsync(cancellationToken);
}
