using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>
/// Opens locked-down in-memory DuckDB connections over one mirrored manifest version: one view per lake table over
/// exactly that version's files, the Trino macros, and settings that keep analysts' SQL inside the cache folder.
/// Each connection is its own database, so its locked configuration is its alone.
/// </summary>
public sealed class DuckDbSessions(IOptions<DuckDbOptions> options, IOptions<LakeOptions> lake)
{
    /// <summary>The catalog the Athena-compatible endpoint names (<c>AwsDataCatalog.portal</c>).</summary>
    public const string AthenaCatalog = "awsdatacatalog";

    private readonly DuckDbOptions settings = options.Value;

    /// <summary>The lake's database (<see cref="LakeOptions.Database"/>): tables are also <c>portal.sales</c> and <c>AwsDataCatalog.portal.sales</c>.</summary>
    private readonly string database = lake.Value.Database;

    /// <summary>The process's resident memory at which running queries are stopped (<c>Analytics:DuckDb:ProcessMemoryCeiling</c>).</summary>
    public long MemoryCeilingBytes { get; } = options.Value.ProcessMemoryCeilingBytes;

    /// <summary>A ready connection for the snapshot, from its pool when one is idle.</summary>
    public DuckDBConnection Rent(LakeSnapshot snapshot, string cacheDirectory) =>
        snapshot.TryRent(out var connection) ? connection : Open(snapshot, cacheDirectory);

    public void Return(LakeSnapshot snapshot, DuckDBConnection connection) => snapshot.Return(connection, settings.PoolSize);

    private DuckDBConnection Open(LakeSnapshot snapshot, string cacheDirectory)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            // Order matters: extensions off before anything could load one; the allowed folder before external access
            // is turned off (which would otherwise add the temp folder to it); configuration locked last.
            Execute(connection,
                // Athena's names for the tables: portal.sales and AwsDataCatalog.portal.sales (an empty in-memory
                // catalog, attached before external access is turned off; nothing can write to it, as only a single
                // SELECT passes ReadOnlyParseCheck).
                $"ATTACH ':memory:' AS {Identifier(AthenaCatalog)}",
                $"CREATE SCHEMA {Identifier(AthenaCatalog)}.{Identifier(database)}",
                $"CREATE SCHEMA {Identifier(database)}",
                "SET autoinstall_known_extensions=false",
                "SET autoload_known_extensions=false",
                $"SET memory_limit='{settings.MemoryLimit}'",
                $"SET threads={settings.Threads}",
                "SET temp_directory=''",
                "SET TimeZone='UTC'",
                $"SET allowed_directories=[{Literal(cacheDirectory + "/")}]",
                "SET enable_external_access=false");
            Execute(connection, TrinoFunctions.Statements.ToArray());
            Execute(connection, GeneratorLimits.Statements(settings.MaxGeneratedValues).ToArray());
            foreach (var table in LakeTables.All)
            {
                var view = snapshot.ViewSql(table.Name, () => BuildView(connection, table, snapshot.FilesOf(table.Name)));
                var name = Identifier(table.Name);
                Execute(connection,
                    $"CREATE VIEW {name} AS {view}",
                    $"CREATE VIEW {Identifier(database)}.{name} AS SELECT * FROM main.{name}",
                    $"CREATE VIEW {Identifier(AthenaCatalog)}.{Identifier(database)}.{name} AS {view}");
            }
            Execute(connection, "SET lock_configuration=true");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The table's contract columns over exactly the listed files, each cast to its type unless the files already have
    /// it (a column older files lack is null); a table with no files is an empty SELECT with the same columns. When every
    /// file has the same Parquet schema (one export's files always do) the files are read as DuckDB reads such a
    /// dataset on its own, without <c>union_by_name</c>, which would open every file's footer again on each query to
    /// bind; only files of different schema versions are read by name.
    /// </summary>
    private static string BuildView(DuckDBConnection connection, LakeTable table, IReadOnlyList<string> files)
    {
        var columns = table.Columns.Select(c => (c.Name, Type: DuckDbType(c.Type))).ToList();
        if (table.Partitioned) columns.Add((LakeTables.PartitionColumn, "VARCHAR"));
        if (files.Count == 0)
            return "SELECT " + string.Join(", ", columns.Select(c => $"CAST(NULL AS {c.Type}) AS {Identifier(c.Name)}")) + " WHERE false";

        var fileList = string.Join(", ", files.Select(Literal));
        var byName = Scalar<long>(connection, $"SELECT count(DISTINCT schema) FROM (SELECT file_name, string_agg(concat_ws(':', name, type, converted_type, "
            + $"scale, precision, logical_type, repetition_type), ',' ORDER BY name) AS schema FROM parquet_schema([{fileList}]) GROUP BY file_name)") > 1;
        var source = $"read_parquet([{fileList}], hive_partitioning={(table.Partitioned ? "true" : "false")}{(byName ? ", union_by_name=true" : "")}"
            + (table.Partitioned ? $", hive_types={{'{LakeTables.PartitionColumn}': VARCHAR}})" : ")");
        var present = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var describe = connection.CreateCommand())
        {
            describe.CommandText = $"DESCRIBE SELECT * FROM {source}";
            using var reader = describe.ExecuteReader();
            while (reader.Read()) present[reader.GetString(0)] = reader.GetString(1);
        }
        return "SELECT " + string.Join(", ", columns.Select(c => present.TryGetValue(c.Name, out var type)
            ? SameType(type, c.Type) ? $"{Identifier(c.Name)} AS {Identifier(c.Name)}" : $"CAST({Identifier(c.Name)} AS {c.Type}) AS {Identifier(c.Name)}"
            : $"CAST(NULL AS {c.Type}) AS {Identifier(c.Name)}")) + $" FROM {source}";
    }

    private static bool SameType(string a, string b) => string.Equals(a.Replace(" ", ""), b.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);

    private static T Scalar<T>(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T));
    }

    /// <summary>DuckDB's name for an Athena column type of <see cref="LakeTables"/>.</summary>
    public static string DuckDbType(string athenaType) => athenaType.Trim().ToLowerInvariant() switch
    {
        "string" or "varchar" => "VARCHAR",
        "int" or "integer" => "INTEGER",
        "bigint" => "BIGINT",
        "smallint" => "SMALLINT",
        "tinyint" => "TINYINT",
        "double" => "DOUBLE",
        "float" or "real" => "FLOAT",
        "boolean" => "BOOLEAN",
        "timestamp" => "TIMESTAMP",
        "date" => "DATE",
        "array<float>" => "FLOAT[]",
        var t when t.StartsWith("decimal", StringComparison.Ordinal) => t.ToUpperInvariant(),
        var t => throw new InvalidOperationException($"Lake column type '{t}' has no DuckDB equivalent."),
    };

    private static void Execute(DuckDBConnection connection, params string[] statements)
    {
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    internal static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
    internal static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
