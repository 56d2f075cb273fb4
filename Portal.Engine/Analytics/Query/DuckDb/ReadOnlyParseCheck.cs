using System.Collections.Concurrent;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>
/// Asks DuckDB's own parser what the SQL is (<c>json_serialize_sql</c>, which serializes SELECT statements only) and
/// accepts exactly one SELECT-class statement. The engine's lockdown refuses most writes, but not a <c>COPY ... TO</c>
/// into the dataset folder it must be allowed to read, nor DDL in the in-memory catalog: this check is what stops them,
/// however they are hidden (comments, several statements). The verdict depends on the text alone, so texts that passed
/// are remembered (at most <see cref="Remembered"/>, exact text): a dashboard's repeated query is not parsed twice.
/// </summary>
public static class ReadOnlyParseCheck
{
    public const int Remembered = 1024;

    private static readonly ConcurrentDictionary<string, bool> Passed = new(StringComparer.Ordinal);

    public static void Check(DuckDBConnection connection, string sql)
    {
        if (Passed.ContainsKey(sql)) return;
        Parse(connection, sql);
        if (Passed.Count >= Remembered) Passed.Clear();
        Passed.TryAdd(sql, true);
    }

    private static void Parse(DuckDBConnection connection, string sql)
    {
        string json;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT json_serialize_sql($1::VARCHAR)";
            command.Parameters.Add(new DuckDBParameter(sql));
            json = (string)command.ExecuteScalar()!;
        }
        using var parsed = JsonDocument.Parse(json);
        var root = parsed.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            var type = root.TryGetProperty("error_type", out var t) ? t.GetString() : null;
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : "The query could not be parsed.";
            if (string.Equals(type, "parser", StringComparison.OrdinalIgnoreCase))
                throw new AnalyticsQueryException(QueryRefusal.Syntax, $"Syntax error: {message}", Position(root));
            throw new AnalyticsQueryException(QueryRefusal.NotReadOnly,
                "Only a single SELECT query is allowed (no DDL, DML, COPY, ATTACH, PRAGMA, SET, INSTALL/LOAD or other statements).");
        }
        var count = root.TryGetProperty("statements", out var statements) ? statements.GetArrayLength() : 0;
        if (count == 0)
            throw new AnalyticsQueryException(QueryRefusal.Syntax, "The query has no statement.");
        if (count > 1)
            throw new AnalyticsQueryException(QueryRefusal.NotReadOnly, $"The query has {count} statements; send exactly one SELECT.");
    }

    private static int? Position(JsonElement root) =>
        root.TryGetProperty("position", out var p) && int.TryParse(p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText(), out var at) ? at : null;
}
