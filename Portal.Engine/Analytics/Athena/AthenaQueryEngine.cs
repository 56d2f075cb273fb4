using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Athena;

/// <summary>
/// Runs analysts' SQL on Amazon Athena (or an Athena-compatible endpoint): StartQueryExecution with a fresh client
/// request token, GetQueryExecution with a doubling pause until the query ends, then GetQueryResults page by page
/// (the header row of page one skipped, values converted by their ColumnInfo type). A timeout or cancellation stops the
/// query in Athena too (StopQueryExecution), so it does not go on scanning, and billing.
/// </summary>
public sealed class AthenaQueryEngine(AthenaClient client, IOptions<AthenaOptions> athenaOptions, IOptions<QueryOptions> queryOptions, TimeProvider time)
    : IAnalyticsQueryEngine
{
    private const int PageSize = 1000;

    public string Name => "athena";

    public async Task<QueryResult> RunAsync(AnalyticsQuery query, CancellationToken cancellationToken = default)
    {
        var limits = queryOptions.Value.Query;
        var options = athenaOptions.Value;
        SqlShape.Check(query.Sql, limits);
        ReadOnlyStatement.Check(query.Sql);
        var timeout = limits.TimeoutFor(query);
        var clock = Stopwatch.StartNew();

        string id;
        try
        {
            id = await client.StartQueryExecutionAsync(query.Sql, Guid.NewGuid().ToString("N"), options, cancellationToken);
        }
        catch (AthenaServiceException ex)
        {
            throw AthenaErrors.Refusal(ex, query.Sql);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new AnalyticsQueryException(QueryRefusal.Cancelled, "The query was cancelled.", inner: ex);
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var execution = await WaitAsync(id, options, linked.Token);
            var status = execution["Status"] as JsonObject;
            switch (status?["State"]?.GetValue<string>())
            {
                case "FAILED":
                    throw AthenaErrors.Failure(status, query.Sql);
                case "CANCELLED":
                    throw new AnalyticsQueryException(QueryRefusal.Cancelled, "The query was cancelled in Athena.");
            }
            var scanned = execution["Statistics"]?["DataScannedInBytes"]?.GetValue<long>() ?? 0;
            var (columns, rows, truncated) = await ReadResultsAsync(id, limits.RowsFor(query), linked.Token);
            return new QueryResult(columns, rows, truncated, clock.Elapsed, scanned);
        }
        catch (OperationCanceledException ex) when (linked.IsCancellationRequested)
        {
            await TryStopAsync(id);
            if (cancellationToken.IsCancellationRequested)
                throw new AnalyticsQueryException(QueryRefusal.Cancelled, "The query was cancelled (and stopped in Athena).", inner: ex);
            throw new AnalyticsQueryException(QueryRefusal.Timeout,
                $"The query ran longer than {timeout.TotalSeconds:0.#} s (Analytics:Query:Timeout) and was stopped in Athena.", inner: ex);
        }
        catch (AthenaServiceException ex)
        {
            throw AthenaErrors.Refusal(ex, query.Sql);
        }
    }

    public async Task<IReadOnlyList<LakeTable>> TablesAsync(CancellationToken cancellationToken = default)
    {
        var options = athenaOptions.Value;
        var tables = new List<LakeTable>();
        string? next = null;
        try
        {
            do
            {
                var page = await client.ListTableMetadataAsync(options.Catalog, options.Database!, next, cancellationToken);
                foreach (var table in page["TableMetadataList"]?.AsArray().OfType<JsonObject>() ?? [])
                {
                    var columns = table["Columns"]?.AsArray().OfType<JsonObject>()
                        .Select(c => new LakeColumn(c["Name"]!.GetValue<string>(), c["Type"]?.GetValue<string>() ?? "string", c["Comment"]?.GetValue<string>()))
                        .ToList() ?? [];
                    var partitioned = table["PartitionKeys"]?.AsArray().Count > 0;
                    tables.Add(new LakeTable(table["Name"]!.GetValue<string>(), table["Parameters"]?["comment"]?.GetValue<string>() ?? "", partitioned, columns));
                }
                next = page["NextToken"]?.GetValue<string>();
            }
            while (next is not null);
        }
        catch (AthenaServiceException ex)
        {
            throw AthenaErrors.Refusal(ex, "");
        }
        return tables;
    }

    private async Task<JsonObject> WaitAsync(string id, AthenaOptions options, CancellationToken cancellationToken)
    {
        var delay = options.FirstPollDelay;
        while (true)
        {
            var execution = await client.GetQueryExecutionAsync(id, cancellationToken);
            if (execution["Status"]?["State"]?.GetValue<string>() is "SUCCEEDED" or "FAILED" or "CANCELLED") return execution;
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollDelay.Ticks));
        }
    }

    private async Task<(IReadOnlyList<QueryColumn>, IReadOnlyList<object?[]>, bool)> ReadResultsAsync(string id, int maxRows, CancellationToken cancellationToken)
    {
        IReadOnlyList<QueryColumn>? columns = null;
        var rows = new List<object?[]>();
        string? next = null;
        var first = true;
        do
        {
            // Near the limit, ask for just one row past it: enough to know whether the result was cut off.
            var want = Math.Min(PageSize, maxRows - rows.Count + (first ? 2 : 1));
            var page = await client.GetQueryResultsAsync(id, next, want, cancellationToken);
            var resultSet = page["ResultSet"] as JsonObject;
            columns ??= AthenaValues.Columns(resultSet?["ResultSetMetadata"]?["ColumnInfo"]?.AsArray());
            var pageRows = resultSet?["Rows"]?.AsArray().OfType<JsonObject>().Skip(first ? 1 : 0) ?? [];
            first = false;
            foreach (var row in pageRows)
            {
                if (rows.Count == maxRows) return (columns, rows, true);
                var data = row["Data"]?.AsArray();
                var values = new object?[columns.Count];
                for (var i = 0; i < values.Length; i++)
                    values[i] = AthenaValues.Parse(data is not null && i < data.Count ? data[i]?["VarCharValue"]?.GetValue<string>() : null, columns[i]);
                rows.Add(values);
            }
            next = page["NextToken"]?.GetValue<string>();
        }
        while (next is not null);
        return (columns ?? [], rows, false);
    }

    private async Task TryStopAsync(string id)
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.StopQueryExecutionAsync(id, stop.Token);
        }
        catch (Exception ex) when (ex is AthenaServiceException or OperationCanceledException or HttpRequestException)
        {
            // Best effort: the query is abandoned either way.
        }
    }
}
