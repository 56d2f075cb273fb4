using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Analytics.Query;
using Portal.Tests.Engine.Analytics.Query.DuckDb;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>The queries the client tests run, and what their results must be.</summary>
public static class AthenaLakeData
{
    /// <summary>2,500 generated rows (DuckDB's generate_series; the default engine runs it), with a null every tenth row and a value CSV must quote.</summary>
    public const string ManyRowsSql =
        "SELECT n, 'row ' || CAST(n AS VARCHAR) AS label, CAST(n AS DOUBLE) / 4 AS quarter, n % 7 = 0 AS weekly, "
        + "CASE WHEN n % 10 = 0 THEN NULL ELSE 'say \"hi\", then' || chr(10) || 'bye' END AS note "
        + "FROM unnest(generate_series(1, 2500)) AS t(n) ORDER BY n";

    public static readonly string[] ManyRowsHeader = ["n", "label", "quarter", "weekly", "note"];
    public static readonly string[] ManyRowsTypes = ["bigint", "varchar", "double", "boolean", "varchar"];

    public static void AssertManyRows(IReadOnlyList<string?[]> rows)
    {
        Assert.Equal(2500, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var n = i + 1;
            Assert.Equal(n.ToString(CultureInfo.InvariantCulture), rows[i][0]);
            Assert.Equal($"row {n}", rows[i][1]);
            Assert.Equal((n / 4.0).ToString("R", CultureInfo.InvariantCulture), rows[i][2]);
            Assert.Equal(n % 7 == 0 ? "true" : "false", rows[i][3]);
            Assert.Equal(n % 10 == 0 ? null : "say \"hi\", then\nbye", rows[i][4]);
        }
    }

    public const string SmallSql = "SELECT 1 AS one, 'a,\"b\"' AS text, CAST(NULL AS VARCHAR) AS nothing, '' AS empty";

    public static void AssertSmall(JsonElement resultSet)
    {
        var rows = resultSet.GetProperty("Rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["one", "text", "nothing", "empty"], rows[0].GetProperty("Data").EnumerateArray().Select(d => d.GetProperty("VarCharValue").GetString()));
        var data = rows[1].GetProperty("Data").EnumerateArray().ToList();
        Assert.Equal("1", data[0].GetProperty("VarCharValue").GetString());
        Assert.Equal("a,\"b\"", data[1].GetProperty("VarCharValue").GetString());
        Assert.False(data[2].TryGetProperty("VarCharValue", out _)); // null: no value, as Athena sends it
        Assert.Equal("", data[3].GetProperty("VarCharValue").GetString());
        var columns = resultSet.GetProperty("ResultSetMetadata").GetProperty("ColumnInfo").EnumerateArray().ToList();
        Assert.Equal("integer", columns[0].GetProperty("Type").GetString());
        Assert.Equal("varchar", columns[1].GetProperty("Type").GetString());
        Assert.Equal(10, columns[0].GetProperty("Precision").GetInt32());
        Assert.True(columns[1].GetProperty("CaseSensitive").GetBoolean());
        Assert.Equal("one", columns[0].GetProperty("Label").GetString());
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PortalAppFactory, Task> Published = new();

    /// <summary>
    /// Publishes a small lake (the query engine's sample tables) into the app's object store once per app: the engine
    /// answers only once a dataset exists, even for queries that generate their rows.
    /// </summary>
    public static Task EnsureAsync(PortalAppFactory factory)
    {
        lock (Published) return Published.GetValue(factory, f => PublishAsync(f));
    }

    private static async Task PublishAsync(PortalAppFactory factory)
    {
        var store = factory.Services.GetRequiredService<IObjectStore>();
        await store.EnsureBucketAsync(DuckDbLake.Bucket);
        await LakeSample.WriteAsync(new LakeDatasetWriter(store, DuckDbLake.Bucket));
    }
}
