using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>
/// Runs analysts' SQL in embedded DuckDB over the local mirror of the exported dataset. Each query: size checks, a
/// lease on the newest mirrored version, a locked-down connection for it, DuckDB's own parse (exactly one SELECT), then
/// the query under the time and row limits.
/// </summary>
public sealed class DuckDbQueryEngine(LakeMirror mirror, DuckDbSessions sessions, IOptions<QueryOptions> options) : IAnalyticsQueryEngine
{
    private static readonly TimeSpan InterruptEvery = TimeSpan.FromMilliseconds(25);

    public string Name => "duckdb";

    public async Task<QueryResult> RunAsync(AnalyticsQuery query, CancellationToken cancellationToken = default)
    {
        var limits = options.Value.Query;
        SqlShape.Check(query.Sql, limits);
        LakeLease? acquired;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            acquired = await mirror.AcquireAsync(cancellationToken);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw Cancelled(ex);
        }
        if (acquired is null)
            throw new AnalyticsQueryException(QueryRefusal.Unavailable, "The dataset is not exported yet: run an export first (Analytics > Export now).");

        // The work holds the lease and the connection to its very end, even when the caller has already been told
        // the query was cancelled: the caller does not wait for DuckDB to notice the interrupt.
        var work = Task.Run(() =>
        {
            using var lease = acquired;
            return RunLeased(lease.Snapshot, query, limits, cancellationToken);
        }, CancellationToken.None);
        try
        {
            return await work.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // Also when the work ended in the instant between the cancel and here: the caller asked to cancel.
            _ = work.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw Cancelled(ex);
        }
    }

    public Task<IReadOnlyList<LakeTable>> TablesAsync(CancellationToken cancellationToken = default) => Task.FromResult(LakeTables.All);

    private QueryResult RunLeased(LakeSnapshot snapshot, AnalyticsQuery query, QueryLimits limits, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) throw Cancelled();
        var connection = sessions.Rent(snapshot, mirror.Directory);
        var reusable = false;
        try
        {
            ReadOnlyParseCheck.Check(connection, query.Sql);
            var result = Execute(connection, query.Sql, new Bounds(limits.RowsFor(query), limits.MaxResultBytes, limits.TimeoutFor(query), sessions.MemoryCeilingBytes), cancellationToken, out var interrupted);
            reusable = !interrupted;
            return result;
        }
        catch (AnalyticsQueryException ex) when (ex.Refusal is not QueryRefusal.Cancelled and not QueryRefusal.Timeout)
        {
            reusable = true;
            throw;
        }
        catch (Exception ex) when (ex is not AnalyticsQueryException and not OperationCanceledException)
        {
            throw new AnalyticsQueryException(QueryRefusal.Unavailable, $"The query engine failed: {ex.Message}", inner: ex);
        }
        finally
        {
            // A connection that was interrupted may still hold an interrupt DuckDB has not consumed, which would stop
            // the next query on it: such a connection is closed, never pooled.
            if (reusable) sessions.Return(snapshot, connection);
            else connection.Dispose();
        }
    }

    /// <summary>What one query may take: rows and bytes of result, time, and how far the process's memory may grow meanwhile.</summary>
    private readonly record struct Bounds(int MaxRows, long MaxResultBytes, TimeSpan Timeout, long MemoryCeilingBytes);

    private static QueryResult Execute(DuckDBConnection connection, string sql, Bounds bounds, CancellationToken cancellationToken, out bool interrupted)
    {
        var timeout = bounds.Timeout;
        var clock = Stopwatch.StartNew();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.UseStreamingMode = true;
        var timedOut = false;
        var outOfMemory = 0L;
        var sent = 0;
        void Interrupt()
        {
            Volatile.Write(ref sent, 1);
            command.Cancel();
        }
        // An interrupt only stops a query that is running, so one sent just before it starts is lost: interrupt at
        // once when the caller cancels, and keep interrupting until the query ends once the time is up, the process's
        // memory has passed its ceiling or the caller has cancelled. Both are torn down (waiting for a callback under
        // way) before the connection is reused.
        var watchdog = new Timer(_ =>
        {
            if (clock.Elapsed >= timeout && !cancellationToken.IsCancellationRequested) timedOut = true;
            if (Interlocked.Read(ref outOfMemory) == 0 && Environment.WorkingSet is var resident && resident > bounds.MemoryCeilingBytes)
                Interlocked.CompareExchange(ref outOfMemory, resident, 0);
            if (timedOut || Interlocked.Read(ref outOfMemory) != 0 || cancellationToken.IsCancellationRequested) Interrupt();
        }, null, InterruptEvery, InterruptEvery);
        AnalyticsQueryException? Stopped() =>
            timedOut ? TimedOut(timeout)
            : Interlocked.Read(ref outOfMemory) is > 0 and var resident ? OutOfMemory(resident, bounds.MemoryCeilingBytes)
            : null;
        var registration = cancellationToken.Register(Interrupt);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var reader = command.ExecuteReader();
            cancellationToken.ThrowIfCancellationRequested();
            var columns = DuckDbResults.Columns(reader);
            var rows = new List<object?[]>();
            var truncated = false;
            var bytes = 0L;
            while (reader.Read())
            {
                if (rows.Count == bounds.MaxRows || bytes > bounds.MaxResultBytes)
                {
                    truncated = true;
                    break;
                }
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : DuckDbResults.Value(reader.GetValue(i));
                bytes += DuckDbResults.Size(row);
                if (bytes > bounds.MaxResultBytes && rows.Count > 0) continue; // the row that passes the limit is left out
                rows.Add(row);
            }
            if (Stopped() is { } stopped) throw stopped;
            cancellationToken.ThrowIfCancellationRequested();
            return new QueryResult(DuckDbResults.Widen(columns, rows), rows, truncated, clock.Elapsed);
        }
        catch (DuckDBException ex)
        {
            if (Stopped() is { } stopped) throw stopped;
            if (cancellationToken.IsCancellationRequested) throw Cancelled(ex);
            throw DuckDbErrors.Refusal(ex, sql);
        }
        catch (OperationCanceledException ex)
        {
            if (Stopped() is { } stopped) throw stopped;
            throw Cancelled(ex);
        }
        finally
        {
            registration.Dispose();
            using (var stopped = new ManualResetEvent(false))
                if (watchdog.Dispose(stopped)) stopped.WaitOne();
            interrupted = Volatile.Read(ref sent) == 1;
        }
    }

    private static AnalyticsQueryException Cancelled(Exception? inner = null) =>
        new(QueryRefusal.Cancelled, "The query was cancelled.", inner: inner);

    private static AnalyticsQueryException OutOfMemory(long resident, long ceiling) =>
        new(QueryRefusal.TooLarge, $"The query was stopped: the portal's memory reached {resident / 1048576.0:N0} MiB, past its ceiling of "
            + $"{ceiling / 1048576.0:N0} MiB (Analytics:DuckDb:ProcessMemoryCeiling). Aggregate more in SQL, select fewer columns or rows, or filter by month.");

    private static AnalyticsQueryException TimedOut(TimeSpan timeout) =>
        new(QueryRefusal.Timeout, $"The query ran longer than {timeout.TotalSeconds:0.#} s (Analytics:Query:Timeout) and was stopped.");
}
