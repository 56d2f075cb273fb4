using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Console;

/// <summary>Why a run of the console gave no result: a title and a message to show, and where in the SQL, when known.</summary>
public sealed record ConsoleError(QueryRefusal? Refusal, string Title, string Message, SqlPosition? Position);

/// <summary>One run of the console: the result, or why there is none.</summary>
public sealed record ConsoleRun(string Sql, QueryResult? Result, ConsoleError? Error, TimeSpan Elapsed)
{
    public bool Succeeded => Result is not null;
}

/// <summary>
/// Runs an analyst's SQL through the query engine and records every run in their history, whatever came of it. The
/// engine enforces read-only and the limits; this turns its refusals into messages with a line and column.
/// </summary>
public sealed class SqlConsole(IAnalyticsQueryEngine engine, QueryHistory history, TimeProvider clock, ILogger<SqlConsole> logger)
{
    /// <summary>The tables the editor can use, as the engine sees them.</summary>
    public Task<IReadOnlyList<Lake.LakeTable>> TablesAsync(CancellationToken cancellationToken = default) => engine.TablesAsync(cancellationToken);

    public async Task<ConsoleRun> RunAsync(string userId, string sql, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(sql))
            return new ConsoleRun(sql, null, new ConsoleError(null, "Nothing to run", "Write a query first, e.g. SELECT * FROM sales LIMIT 10.", null), TimeSpan.Zero);

        var ranAt = clock.GetUtcNow().UtcDateTime;
        var watch = Stopwatch.StartNew();
        ConsoleRun run;
        try
        {
            // Cancel answers at once, even if the engine takes a while to stop (its own timeout ends the query at the latest).
            var running = engine.RunAsync(new AnalyticsQuery(sql), cancellationToken);
            _ = running.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            var result = await running.WaitAsync(cancellationToken);
            run = new ConsoleRun(sql, result, null, watch.Elapsed);
        }
        catch (AnalyticsQueryException e)
        {
            run = new ConsoleRun(sql, null, ErrorOf(sql, e.Refusal, e.Message, e.Position), watch.Elapsed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run = new ConsoleRun(sql, null, ErrorOf(sql, QueryRefusal.Cancelled, "", null), watch.Elapsed);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The SQL console's query failed unexpectedly");
            run = new ConsoleRun(sql, null, new ConsoleError(null, "The query failed",
                "Something went wrong running it; the error is logged. Try again, or try a simpler query.", null), watch.Elapsed);
        }

        // Recorded even when the run was cancelled: the history is of every run.
        await history.RecordAsync(new QueryHistoryEntry
        {
            UserId = userId, Sql = sql, RanAt = ranAt, DurationMs = (long)run.Elapsed.TotalMilliseconds,
            Rows = run.Result?.Rows.Count, Truncated = run.Result?.Truncated ?? false,
            Error = run.Error is { } error ? Shorten($"{error.Title}: {error.Message}") : null,
        }, CancellationToken.None);
        return run;
    }

    public static ConsoleError ErrorOf(string sql, QueryRefusal refusal, string message, int? position)
    {
        var at = position is { } offset ? SqlPosition.Of(sql, offset) : (SqlPosition?)null;
        return refusal switch
        {
            QueryRefusal.Syntax => new(refusal, "Syntax error", message, at),
            QueryRefusal.Invalid => new(refusal, "The query cannot run", message, at),
            QueryRefusal.NotReadOnly => new(refusal, "Only one read-only query can run", message, at),
            QueryRefusal.TooLarge => new(refusal, "The query is too large",
                $"{message} Shorten it or split it into simpler queries.", at),
            QueryRefusal.Timeout => new(refusal, "The query took too long",
                $"{message} Narrow it down (a shorter date range with a WHERE on month, fewer columns) or aggregate.", at),
            QueryRefusal.Cancelled => new(refusal, "Cancelled", "The query was cancelled before it finished.", null),
            QueryRefusal.Unavailable => new(refusal, "The dataset is not available", message, at),
            _ => new(refusal, "The query failed", message, at),
        };
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..1999] + "…";
}
