using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Athena;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Auditing;

namespace Portal.Features.Analytics.Athena;

/// <summary>Who calls: the analyst, and the access key that signed the request.</summary>
public sealed record AthenaCaller(string UserId, string AccessKeyId);

/// <summary>Athena's operations over the portal's executions and lake tables, for one analyst (<see cref="AthenaCaller"/>).</summary>
public sealed class AthenaOperations(
    AthenaExecutionStore executions, AthenaResultFiles results, AthenaQueryRunner runner, AthenaResultToken resultTokens, IOptions<AthenaApiOptions> options,
    AuditLog audit)
{
    private AthenaApiOptions Options => options.Value;

    public Task<JsonObject> InvokeAsync(AthenaRequest request, AthenaCaller caller, CancellationToken ct)
    {
        var userId = caller.UserId;
        return request.Operation switch
        {
            "StartQueryExecution" => StartAsync(request.Fields(), userId, ct),
            "GetQueryExecution" => GetAsync(request.Fields(), userId, ct),
            "BatchGetQueryExecution" => BatchGetAsync(request.Fields(), userId, ct),
            "GetQueryResults" => ResultsAsync(request.Fields(), caller, ct),
            "StopQueryExecution" => StopAsync(request.Fields(), userId, ct),
            "ListQueryExecutions" => ListAsync(request.Fields(), userId, ct),
            "ListDataCatalogs" => Task.FromResult(ListDataCatalogs(request.Fields())),
            "GetDataCatalog" => Task.FromResult(GetDataCatalog(request.Fields())),
            "ListDatabases" => Task.FromResult(ListDatabases(request.Fields())),
            "GetDatabase" => Task.FromResult(GetDatabase(request.Fields())),
            "ListTableMetadata" => Task.FromResult(ListTables(request.Fields())),
            "GetTableMetadata" => Task.FromResult(GetTable(request.Fields())),
            "ListWorkGroups" => Task.FromResult(ListWorkGroups(request.Fields())),
            "GetWorkGroup" => Task.FromResult(GetWorkGroup(request.Fields())),
            _ => throw AthenaError.UnknownOperation(AthenaRequest.TargetPrefix + request.Operation),
        };
    }

    private async Task<JsonObject> StartAsync(AthenaFields f, string userId, CancellationToken ct)
    {
        var sql = f.String("QueryString", 1, 262144, required: true);
        var token = f.String("ClientRequestToken", 32, 128);
        var context = f.Object("QueryExecutionContext");
        var database = context?.String("Database", 1, 255);
        var catalog = context?.String("Catalog", 1, 256);
        var output = f.Object("ResultConfiguration")?.String("OutputLocation", 0, 1024);
        var workGroup = f.String("WorkGroup", 1, 128, pattern: AthenaPatterns.WorkGroup, patternText: "[a-zA-Z0-9._-]{1,128}");
        var parameters = f.StringList("ExecutionParameters", 1, 1000, 1, 1024);
        f.ThrowIfInvalid();
        if (string.IsNullOrWhiteSpace(sql)) throw AthenaError.InvalidRequest("QueryString is empty.");
        if (parameters is not null)
            throw AthenaError.InvalidRequest("ExecutionParameters are not supported by this endpoint; put the values in the query.");
        RequireWorkGroup(workGroup);
        RequireCatalog(catalog);
        if (database is not null && !string.Equals(database, Options.Database, StringComparison.OrdinalIgnoreCase))
            throw AthenaError.InvalidRequest($"Database '{database}' does not exist in catalog {Catalog}; this portal has one database, '{Options.Database}'.");
        var location = AthenaOutputLocation.Resolve(output, Options.OutputLocation);

        var (outcome, execution) = await executions.StartAsync(new AthenaStartRequest(userId, sql!, token, database?.ToLowerInvariant(),
            Catalog, workGroup ?? AthenaShapes.WorkGroup, location), ct);
        if (outcome == AthenaStartOutcome.TokenMismatch) throw AthenaError.InvalidRequest("Idempotent parameters do not match");
        if (outcome == AthenaStartOutcome.Started)
        {
            runner.Wake();
            await audit.RecordForUserAsync(userId, new AuditEvent(AuditSubjects.Query, execution.Id, "QueryStarted", userId, Detail: sql), CancellationToken.None);
        }
        return new JsonObject { ["QueryExecutionId"] = execution.Id };
    }

    private static string ExecutionId(AthenaFields f)
    {
        var id = f.String("QueryExecutionId", 1, 128, required: true);
        f.ThrowIfInvalid();
        return id!;
    }

    private async Task<JsonObject> GetAsync(AthenaFields f, string userId, CancellationToken ct)
    {
        var id = ExecutionId(f);
        var execution = await executions.FindAsync(userId, id, ct) ?? throw AthenaError.NotFound(id);
        return new JsonObject { ["QueryExecution"] = AthenaShapes.QueryExecution(execution) };
    }

    private async Task<JsonObject> BatchGetAsync(AthenaFields f, string userId, CancellationToken ct)
    {
        var ids = f.StringList("QueryExecutionIds", 1, 50, 1, 128, required: true);
        f.ThrowIfInvalid();
        var found = await executions.FindManyAsync(userId, ids!.Distinct().ToList(), ct);
        var unprocessed = ids!.Distinct().Where(id => found.All(e => e.Id != id))
            .Select(id => (JsonNode)new JsonObject { ["QueryExecutionId"] = id, ["ErrorCode"] = "INVALID_INPUT", ["ErrorMessage"] = $"QueryExecution {id} was not found" });
        return new JsonObject
        {
            ["QueryExecutions"] = new JsonArray(found.Select(e => (JsonNode)AthenaShapes.QueryExecution(e)).ToArray()),
            ["UnprocessedQueryExecutionIds"] = new JsonArray(unprocessed.ToArray()),
        };
    }

    private async Task<JsonObject> ResultsAsync(AthenaFields f, AthenaCaller caller, CancellationToken ct)
    {
        var id = f.String("QueryExecutionId", 1, 128, required: true);
        var nextToken = f.String("NextToken", 1, 1024);
        var maxResults = f.Int("MaxResults", 1, 1000) ?? 1000;
        var type = f.String("QueryResultType", 1, 64);
        f.ThrowIfInvalid();
        if (type is not null and not "DATA_ROWS") throw AthenaError.InvalidRequest($"QueryResultType '{type}' is not supported; use DATA_ROWS.");
        var execution = await executions.FindAsync(caller.UserId, id!, ct) ?? throw AthenaError.NotFound(id!);
        switch (execution.State)
        {
            case AthenaQueryState.Queued or AthenaQueryState.Running:
                throw AthenaError.InvalidRequest($"Query has not yet finished. Current state: {execution.State}");
            case AthenaQueryState.Failed:
                throw AthenaError.InvalidRequest(execution.StateChangeReason ?? "Query failed.");
            case AthenaQueryState.Cancelled:
                throw AthenaError.InvalidRequest("Query did not finish successfully. Final query state: CANCELLED");
        }
        var offset = nextToken is null ? 0 : resultTokens.Parse(nextToken, execution.Id, caller.AccessKeyId);
        S3Location.TryParse(execution.OutputLocation, out var location);
        AthenaResultPage? page;
        try { page = await results.ReadPageAsync(location, execution.Id, offset, maxResults, ct); }
        catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException)
        {
            throw AthenaError.InvalidRequest($"NextToken does not point into the result of query {execution.Id} as it is stored now; start again from the first page.");
        }
        if (page is null) throw AthenaError.InvalidRequest($"The result of query {execution.Id} is no longer in its output location {execution.OutputLocation}.");

        var response = new JsonObject
        {
            ["UpdateCount"] = 0,
            ["ResultSet"] = new JsonObject
            {
                ["Rows"] = new JsonArray(page.Rows.Select(r => (JsonNode)AthenaShapes.Row(r)).ToArray()),
                ["ResultSetMetadata"] = new JsonObject { ["ColumnInfo"] = new JsonArray(page.Columns.Select(c => (JsonNode)AthenaShapes.ColumnInfo(c)).ToArray()) },
            },
        };
        if (page.NextOffset is { } next) response["NextToken"] = resultTokens.Format(execution.Id, next, caller.AccessKeyId);
        return response;
    }

    private async Task<JsonObject> StopAsync(AthenaFields f, string userId, CancellationToken ct)
    {
        var id = ExecutionId(f);
        if (!await executions.StopAsync(userId, id, ct)) throw AthenaError.NotFound(id);
        return [];
    }

    private async Task<JsonObject> ListAsync(AthenaFields f, string userId, CancellationToken ct)
    {
        var nextToken = f.String("NextToken", 1, 1024);
        var max = f.Int("MaxResults", 0, 50) ?? 50;
        var workGroup = f.String("WorkGroup", 1, 128, pattern: AthenaPatterns.WorkGroup, patternText: "[a-zA-Z0-9._-]{1,128}");
        f.ThrowIfInvalid();
        RequireWorkGroup(workGroup);
        if (nextToken is not null && !ListCursor.TryParse(nextToken, out _)) throw AthenaError.InvalidRequest("Invalid NextToken.");
        var page = await executions.ListAsync(userId, workGroup ?? AthenaShapes.WorkGroup, nextToken, max == 0 ? 50 : max, ct);
        var response = new JsonObject { ["QueryExecutionIds"] = new JsonArray(page.Executions.Select(e => (JsonNode)e.Id).ToArray()) };
        if (page.NextToken is not null) response["NextToken"] = page.NextToken;
        return response;
    }

    private static JsonObject ListDataCatalogs(AthenaFields f)
    {
        f.String("NextToken", 1, 1024);
        f.Int("MaxResults", 2, 50);
        f.String("WorkGroup", 1, 128);
        f.ThrowIfInvalid();
        return new JsonObject { ["DataCatalogsSummary"] = new JsonArray(new JsonObject { ["CatalogName"] = Catalog, ["Type"] = "GLUE" }) };
    }

    private static JsonObject GetDataCatalog(AthenaFields f)
    {
        var name = f.String("Name", 1, 256, required: true);
        f.ThrowIfInvalid();
        RequireCatalog(name);
        return new JsonObject { ["DataCatalog"] = new JsonObject { ["Name"] = Catalog, ["Type"] = "GLUE", ["Description"] = "The portal's analytics lake.", ["Parameters"] = new JsonObject() } };
    }

    private JsonObject ListDatabases(AthenaFields f)
    {
        var catalog = f.String("CatalogName", 1, 256, required: true);
        f.String("NextToken", 1, 1024);
        f.Int("MaxResults", 1, 50);
        f.String("WorkGroup", 1, 128);
        f.ThrowIfInvalid();
        RequireCatalog(catalog);
        return new JsonObject { ["DatabaseList"] = new JsonArray(AthenaShapes.Database(Options.Database)) };
    }

    private JsonObject GetDatabase(AthenaFields f)
    {
        var (_, database) = CatalogAndDatabase(f);
        f.ThrowIfInvalid();
        RequireDatabase(database);
        return new JsonObject { ["Database"] = AthenaShapes.Database(Options.Database) };
    }

    private JsonObject ListTables(AthenaFields f)
    {
        var (_, database) = CatalogAndDatabase(f);
        var expression = f.String("Expression", 0, 256);
        var nextToken = f.String("NextToken", 1, 1024);
        var max = f.Int("MaxResults", 1, 50) ?? 50;
        f.String("WorkGroup", 1, 128);
        f.ThrowIfInvalid();
        RequireDatabase(database);
        var start = 0;
        if (nextToken is not null && (!int.TryParse(nextToken, out start) || start < 0 || start > LakeTables.All.Count))
            throw AthenaError.InvalidRequest("Invalid NextToken.");
        var matching = LakeTables.All.Where(t => Matches(expression, t.Name)).ToList();
        var page = matching.Skip(start).Take(max).ToList();
        var response = new JsonObject { ["TableMetadataList"] = new JsonArray(page.Select(t => (JsonNode)AthenaShapes.Table(t)).ToArray()) };
        if (start + page.Count < matching.Count) response["NextToken"] = (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return response;
    }

    private JsonObject GetTable(AthenaFields f)
    {
        var (_, database) = CatalogAndDatabase(f);
        var name = f.String("TableName", 1, 128, required: true);
        f.String("WorkGroup", 1, 128);
        f.ThrowIfInvalid();
        RequireDatabase(database);
        var table = LakeTables.Find(name!) ?? throw AthenaError.Metadata($"Table not found {Options.Database}.{name}");
        return new JsonObject { ["TableMetadata"] = AthenaShapes.Table(table) };
    }

    private JsonObject ListWorkGroups(AthenaFields f)
    {
        f.String("NextToken", 1, 1024);
        f.Int("MaxResults", 1, 50);
        f.ThrowIfInvalid();
        return new JsonObject
        {
            ["WorkGroups"] = new JsonArray(new JsonObject
            {
                ["Name"] = AthenaShapes.WorkGroup, ["State"] = "ENABLED", ["Description"] = "The portal's only work group.",
                ["EngineVersion"] = new JsonObject { ["SelectedEngineVersion"] = "AUTO", ["EffectiveEngineVersion"] = "Athena engine version 3" },
            }),
        };
    }

    private JsonObject GetWorkGroup(AthenaFields f)
    {
        var name = f.String("WorkGroup", 1, 128, required: true, pattern: AthenaPatterns.WorkGroup, patternText: "[a-zA-Z0-9._-]{1,128}");
        f.ThrowIfInvalid();
        RequireWorkGroup(name);
        return new JsonObject
        {
            ["WorkGroup"] = new JsonObject
            {
                ["Name"] = AthenaShapes.WorkGroup, ["State"] = "ENABLED", ["Description"] = "The portal's only work group.",
                ["Configuration"] = AthenaShapes.WorkGroupConfiguration(Options.OutputLocation),
            },
        };
    }

    private const string Catalog = AthenaShapes.Catalog;

    private static (string? Catalog, string? Database) CatalogAndDatabase(AthenaFields f)
    {
        var catalog = f.String("CatalogName", 1, 256, required: true);
        var database = f.String("DatabaseName", 1, 128, required: true);
        f.ThrowIfInvalid();
        RequireCatalog(catalog);
        return (catalog, database);
    }

    private static void RequireCatalog(string? catalog)
    {
        if (catalog is not null && !string.Equals(catalog, Catalog, StringComparison.OrdinalIgnoreCase))
            throw AthenaError.InvalidRequest($"Catalog '{catalog}' is not found; this portal has one catalog, {Catalog}.");
    }

    private void RequireDatabase(string? database)
    {
        if (!string.Equals(database, Options.Database, StringComparison.OrdinalIgnoreCase))
            throw AthenaError.Metadata($"Database not found: {database} (this portal has one database, '{Options.Database}').");
    }

    private static void RequireWorkGroup(string? workGroup)
    {
        if (workGroup is not null && workGroup != AthenaShapes.WorkGroup)
            throw AthenaError.InvalidRequest($"WorkGroup {workGroup} is not found (this portal has one work group, '{AthenaShapes.WorkGroup}').");
    }

    /// <summary>ListTableMetadata's Expression: a name pattern where <c>*</c> matches anything, case-insensitive.</summary>
    private static bool Matches(string? expression, string name) =>
        string.IsNullOrEmpty(expression) || Regex.IsMatch(name, "^" + Regex.Escape(expression).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
