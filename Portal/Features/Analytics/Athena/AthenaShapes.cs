using System.Text.Json.Nodes;
using Portal.Engine.Analytics.Athena;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Athena;

/// <summary>Athena's response structures, built from the portal's executions, results and lake tables.</summary>
public static class AthenaShapes
{
    public const string Catalog = "AwsDataCatalog";
    public const string WorkGroup = "primary";

    /// <summary>Timestamps go out as epoch seconds (a JSON number), which is how boto3 and the CLI read them in JSON 1.1.</summary>
    public static JsonValue Epoch(DateTime at) =>
        JsonValue.Create(Math.Round((DateTime.SpecifyKind(at, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds, 3));

    public static JsonObject QueryExecution(AthenaQueryExecution e)
    {
        var status = new JsonObject { ["State"] = e.State, ["SubmissionDateTime"] = Epoch(e.SubmittedAt) };
        if (e.StateChangeReason is not null) status["StateChangeReason"] = e.StateChangeReason;
        if (e.CompletedAt is { } completed) status["CompletionDateTime"] = Epoch(completed);
        if (e.State == AthenaQueryState.Failed)
            status["AthenaError"] = new JsonObject
            {
                ["ErrorCategory"] = e.ErrorCategory ?? 1,
                ["ErrorType"] = e.ErrorCategory == 2 ? 1001 : 401,
                ["Retryable"] = e.ErrorCategory != 2,
                ["ErrorMessage"] = e.StateChangeReason,
            };
        var queued = ((e.StartedAt ?? e.CompletedAt ?? e.SubmittedAt) - e.SubmittedAt).TotalMilliseconds;
        var total = e.CompletedAt is { } end ? (end - e.SubmittedAt).TotalMilliseconds : 0;
        var context = new JsonObject { ["Catalog"] = e.Catalog };
        if (e.Database is not null) context["Database"] = e.Database;
        return new JsonObject
        {
            ["QueryExecutionId"] = e.Id,
            ["Query"] = e.QueryString,
            ["StatementType"] = "DML",
            ["SubstatementType"] = "SELECT",
            ["ResultConfiguration"] = new JsonObject { ["OutputLocation"] = e.OutputLocation + AthenaResultFiles.CsvName(e.Id) },
            ["ResultReuseConfiguration"] = new JsonObject { ["ResultReuseByAgeConfiguration"] = new JsonObject { ["Enabled"] = false } },
            ["QueryExecutionContext"] = context,
            ["Status"] = status,
            ["Statistics"] = new JsonObject
            {
                ["EngineExecutionTimeInMillis"] = e.EngineMillis,
                ["DataScannedInBytes"] = e.DataScannedBytes,
                ["TotalExecutionTimeInMillis"] = (long)total,
                ["QueryQueueTimeInMillis"] = (long)queued,
                ["ServicePreProcessingTimeInMillis"] = 0,
                ["QueryPlanningTimeInMillis"] = 0,
                ["ServiceProcessingTimeInMillis"] = (long)Math.Max(0, total - queued - e.EngineMillis),
                ["ResultReuseInformation"] = new JsonObject { ["ReusedPreviousResult"] = false },
            },
            ["WorkGroup"] = e.WorkGroup,
            ["EngineVersion"] = new JsonObject { ["SelectedEngineVersion"] = "AUTO", ["EffectiveEngineVersion"] = "Athena engine version 3" },
        };
    }

    /// <summary>ColumnInfo as Athena gives it for a result column.</summary>
    public static JsonObject ColumnInfo(QueryColumn column)
    {
        var type = column.Type.ToLowerInvariant();
        var baseType = type.Split('(')[0];
        var (precision, scale) = baseType switch
        {
            "varchar" or "char" or "string" => (2147483647, 0),
            "bigint" => (19, 0),
            "integer" or "int" => (10, 0),
            "smallint" => (5, 0),
            "tinyint" => (3, 0),
            "double" => (17, 0),
            "real" or "float" => (7, 0),
            "decimal" => (column.Precision, column.Scale),
            "timestamp" => (3, 0),
            _ => (0, 0),
        };
        return new JsonObject
        {
            ["CatalogName"] = "hive", ["SchemaName"] = "", ["TableName"] = "",
            ["Name"] = column.Name, ["Label"] = column.Name, ["Type"] = baseType == "string" ? "varchar" : baseType == "int" ? "integer" : baseType,
            ["Precision"] = precision, ["Scale"] = scale, ["Nullable"] = "UNKNOWN",
            ["CaseSensitive"] = baseType is "varchar" or "char" or "string",
        };
    }

    public static JsonObject Row(IEnumerable<string?> values) =>
        new() { ["Data"] = new JsonArray(values.Select(v => (JsonNode)(v is null ? new JsonObject() : new JsonObject { ["VarCharValue"] = v })).ToArray()) };

    public static JsonObject Table(LakeTable table)
    {
        var parameters = new JsonObject
        {
            ["classification"] = "parquet", ["EXTERNAL"] = "TRUE", ["comment"] = table.Description,
            ["inputformat"] = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            ["outputformat"] = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            ["serde.serialization.lib"] = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        };
        return new JsonObject
        {
            ["Name"] = table.Name,
            ["TableType"] = "EXTERNAL_TABLE",
            ["Columns"] = new JsonArray(table.Columns.Select(c => (JsonNode)Column(c.Name, c.Type, c.Comment)).ToArray()),
            ["PartitionKeys"] = table.Partitioned ? new JsonArray(Column(LakeTables.PartitionColumn, "string", "Month, yyyy-MM")) : new JsonArray(),
            ["Parameters"] = parameters,
        };
    }

    private static JsonObject Column(string name, string type, string? comment)
    {
        var column = new JsonObject { ["Name"] = name, ["Type"] = type };
        if (comment is not null) column["Comment"] = comment;
        return column;
    }

    public static JsonObject Database(string name) =>
        new() { ["Name"] = name, ["Description"] = "The portal's analytics lake (sales, orders, membership, catalog, events, image_embeddings).", ["Parameters"] = new JsonObject() };

    public static JsonObject WorkGroupConfiguration(string outputLocation) => new()
    {
        ["ResultConfiguration"] = new JsonObject { ["OutputLocation"] = outputLocation },
        ["EnforceWorkGroupConfiguration"] = false,
        ["PublishCloudWatchMetricsEnabled"] = false,
        ["RequesterPaysEnabled"] = false,
        ["EngineVersion"] = new JsonObject { ["SelectedEngineVersion"] = "AUTO", ["EffectiveEngineVersion"] = "Athena engine version 3" },
    };
}
