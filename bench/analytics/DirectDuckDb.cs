using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Storage;

namespace Portal.Bench.Analytics;

/// <summary>
/// DuckDB with nothing of the portal in between: one connection, a view per lake table over the files the current
/// manifest lists (one hive-partitioned read_parquet per table). The folder object store keeps a header in front of each object,
/// so the files are first copied out of it (through the store) into a plain folder, as the app's engine mirrors them.
/// </summary>
public sealed class DirectDuckDb : IAsyncDisposable
{
    private readonly DuckDBConnection connection;

    private DirectDuckDb(DuckDBConnection connection) => this.connection = connection;

    /// <param name="objectRoot">The folder object store's root (<c>ObjectStore:RootDirectory</c>).</param>
    /// <param name="copyTo">Where the plain Parquet files go.</param>
    public static async Task<DirectDuckDb> OpenAsync(string objectRoot, string copyTo)
    {
        var store = new FileSystemObjectStore(objectRoot);
        const string bucket = "portal-lake";
        var manifest = await JsonSerializer.DeserializeAsync<LakeManifest>((await store.GetAsync(bucket, "lake/_manifest.json"))!.Content,
            new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? throw new InvalidOperationException("no lake manifest");
        foreach (var file in manifest.Tables.SelectMany(t => t.Partitions).SelectMany(p => p.Files))
        {
            var path = Path.Combine(copyTo, file.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var stored = (await store.GetAsync(bucket, file.Key))!.Content;
            await using var output = File.Create(path);
            await stored.CopyToAsync(output);
        }
        var lakeRoot = copyTo;
        var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        var duck = new DirectDuckDb(connection);
        // The engine's Trino macros (approx_percentile, date_diff with whole units...), so the SQL means the same on both sides.
        await duck.ExecuteAsync("SET threads=2; " + string.Join("; ", TrinoFunctions.Statements) + ";");
        foreach (var table in manifest.Tables)
        {
            // One read_parquet over all of a table's files with the month from the Hive path, as DuckDB reads such a
            // dataset on its own (the app's engine reads them the same way, with a cast per column on top).
            var files = table.Partitions.SelectMany(p => p.Files).Select(f => $"'{Path.Combine(lakeRoot, f.Key)}'").ToList();
            if (files.Count == 0) continue;
            var partitioned = table.Partitions.Any(p => p.Value is not null);
            var options = partitioned ? $", hive_partitioning=true, hive_types={{'{LakeTables.PartitionColumn}': VARCHAR}}" : "";
            await duck.ExecuteAsync($"CREATE VIEW {table.Name} AS SELECT * FROM read_parquet([{string.Join(", ", files)}]{options})");
        }
        return duck;
    }

    public async Task<int> CountRowsAsync(string sql, bool streaming = false)
    {
        await using var command = connection.CreateCommand();
        command.UseStreamingMode = streaming;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync()) { reader.GetValues(values); rows++; }
        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
