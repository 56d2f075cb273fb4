using System.Security.Cryptography;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Analytics.Query;

/// <summary>
/// Writes a real lake into an object store, as the export lays it out: Parquet files with <see cref="LakeTables"/>'
/// columns under <c>lake/&lt;table&gt;/month=YYYY-MM/</c>, then <c>lake/_manifest.json</c> last.
/// </summary>
public sealed class LakeDatasetWriter(IObjectStore store, string bucket)
{
    public const string ManifestKey = LakeKeys.Manifest;
    private readonly Dictionary<string, List<LakePartition>> tables = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Writes one file of rows (column name -> value) for a table's partition (null for unpartitioned tables).</summary>
    public async Task<LakeFile> AddFileAsync(LakeTable table, string? month, string fileName, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var bytes = await ParquetBytesAsync(table, rows);
        var key = month is null ? $"lake/{table.Name}/{fileName}" : $"lake/{table.Name}/{LakeTables.PartitionColumn}={month}/{fileName}";
        await store.PutAsync(bucket, key, new MemoryStream(bytes), "application/vnd.apache.parquet");
        var file = new LakeFile(key, rows.Count, bytes.Length, Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
        AddExisting(table, month, file);
        return file;
    }

    /// <summary>Lists a file already in the store (written for an earlier version) in this version too.</summary>
    public void AddExisting(LakeTable table, string? month, LakeFile file)
    {
        var partitions = tables.TryGetValue(table.Name, out var list) ? list : tables[table.Name] = [];
        var index = partitions.FindIndex(p => p.Value == month);
        if (index < 0) partitions.Add(new LakePartition(month, [file]));
        else partitions[index] = partitions[index] with { Files = [.. partitions[index].Files, file] };
    }

    /// <summary>Forgets what was added, to build the next version from scratch.</summary>
    public void Clear() => tables.Clear();

    /// <summary>Lists a table with no files (exported, but empty).</summary>
    public void AddEmpty(LakeTable table) => tables.TryAdd(table.Name, []);

    /// <summary>Publishes what was added as manifest version <paramref name="version"/>.</summary>
    public async Task<LakeManifest> PublishAsync(long version)
    {
        var manifest = new LakeManifest
        {
            Version = version,
            CreatedAt = DateTime.UtcNow,
            Tables = tables.Select(t => new LakeManifestTable(t.Key, t.Value.ToList())).ToList(),
        };
        await store.PutAsync(bucket, ManifestKey, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, JsonSerializerOptions.Web)), "application/json");
        return manifest;
    }

    public static async Task<byte[]> ParquetBytesAsync(LakeTable table, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var fields = table.Columns.Select(Field).ToList();
        using var output = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output))
        using (var group = writer.CreateRowGroup())
        {
            foreach (var (column, field) in table.Columns.Zip(fields))
            {
                object? Get(IReadOnlyDictionary<string, object?> row) => row.TryGetValue(column.Name, out var v) ? v : null;
                switch (column.Type)
                {
                    case "bigint": await group.WriteAsync<long>(field, rows.Select(r => Get(r) is null ? (long?)null : Convert.ToInt64(Get(r))).ToArray()); break;
                    case "int": await group.WriteAsync<int>(field, rows.Select(r => Get(r) is null ? (int?)null : Convert.ToInt32(Get(r))).ToArray()); break;
                    case "boolean": await group.WriteAsync<bool>(field, rows.Select(r => (bool?)Get(r)).ToArray()); break;
                    case "string": await group.WriteAsync(field, rows.Select(r => (string?)Get(r)).ToArray()); break;
                    case "timestamp" or "date": await group.WriteAsync<DateTime>(field, rows.Select(r => (DateTime?)Get(r)).ToArray()); break;
                    default: await group.WriteAsync<decimal>(field, rows.Select(r => Get(r) is null ? (decimal?)null : Convert.ToDecimal(Get(r))).ToArray()); break;
                }
            }
        }
        return output.ToArray();
    }

    private static DataField Field(LakeColumn column) => column.Type switch
    {
        "bigint" => new DataField<long?>(column.Name),
        "int" => new DataField<int?>(column.Name),
        "boolean" => new DataField<bool?>(column.Name),
        "string" => new DataField<string>(column.Name),
        "timestamp" => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        "date" => new DateTimeDataField(column.Name, DateTimeFormat.Date, isNullable: true),
        "decimal(12,2)" => new DecimalDataField(column.Name, 12, 2, isNullable: true),
        _ => throw new NotSupportedException(column.Type),
    };
}
