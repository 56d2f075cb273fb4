using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Storage;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A small real lake for tests: rows added per table are written as Parquet (Parquet.Net, the contract's column types)
/// into a folder object store in the lake's layout (<c>lake/&lt;table&gt;/month=YYYY-MM/part-&lt;run&gt;-0.parquet</c>,
/// <c>lake/catalog/part-&lt;run&gt;.parquet</c>), then published by writing <c>lake/_manifest.json</c> last, as the export
/// does. Rows are dictionaries by column name; a column left out is null. <see cref="Engine"/> is the real DuckDB engine
/// over it (its own cache folder), as the app runs it.
/// </summary>
public sealed class LakeFixture : IDisposable
{
    public const string Bucket = "portal-lake";
    public const string Prefix = "lake/";
    public const string ManifestKey = Prefix + "_manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("portal-lake-");
    private readonly Dictionary<LakeTable, List<Dictionary<string, object?>>> _rows = LakeTables.All.ToDictionary(t => t, _ => new List<Dictionary<string, object?>>());
    private long _version;
    private LakeMirror? _mirror;
    private IAnalyticsQueryEngine? _engine;

    public LakeFixture()
    {
        Store = new FileSystemObjectStore(Path.Combine(_root.FullName, "objects"));
        ManifestReader = new PublishedManifest(this);
    }

    /// <summary>The folder object store the lake is in (bucket <see cref="Bucket"/>).</summary>
    public FileSystemObjectStore Store { get; }

    /// <summary>The object store's root folder, for settings such as <c>ObjectStore:RootDirectory</c>.</summary>
    public string StoreRoot => Store.RootDirectory;

    /// <summary>A scratch folder beside the store (for an engine's local copies).</summary>
    public string WorkDirectory => Directory.CreateDirectory(Path.Combine(_root.FullName, "work")).FullName;

    /// <summary>The last published manifest (null before <see cref="PublishAsync"/>).</summary>
    public LakeManifest? Manifest { get; private set; }

    /// <summary>Reads the published manifest back, as readers do.</summary>
    public ILakeManifestReader ManifestReader { get; }

    /// <summary>The DuckDB engine over this lake (made on first use; it follows each newly published manifest).</summary>
    public IAnalyticsQueryEngine Engine => _engine ??= NewEngine();

    private IAnalyticsQueryEngine NewEngine()
    {
        var options = Options.Create(new DuckDbOptions { CacheDirectory = WorkDirectory, ManifestCheckInterval = TimeSpan.Zero });
        var lake = Options.Create(new LakeOptions { Bucket = Bucket });
        _mirror = new LakeMirror(Store, ManifestReader, options, lake, TimeProvider.System, NullLogger<LakeMirror>.Instance);
        return new DuckDbQueryEngine(_mirror, new DuckDbSessions(options, lake), Options.Create(new QueryOptions()));
    }

    /// <summary>Adds a row to a table (written at the next <see cref="PublishAsync"/>).</summary>
    public LakeFixture Add(LakeTable table, IReadOnlyDictionary<string, object?> row)
    {
        var unknown = row.Keys.Where(k => table.Columns.All(c => c.Name != k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"{table.Name} has no column {string.Join(", ", unknown)}.", nameof(row));
        _rows[table].Add(table.Columns.ToDictionary(c => c.Name, c => row.GetValueOrDefault(c.Name)));
        return this;
    }

    /// <summary>Writes every table's rows as a new run's files and publishes them with a new manifest (written last).</summary>
    public async Task<LakeManifest> PublishAsync()
    {
        var run = ++_version;
        await Store.EnsureBucketAsync(Bucket);
        var tables = new List<LakeManifestTable>();
        foreach (var (table, rows) in _rows)
        {
            var partitions = new List<LakePartition>();
            foreach (var group in rows.GroupBy(r => table.Partitioned ? PartitionOf(table, r) : null).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var key = group.Key is null
                    ? $"{Prefix}{table.Name}/part-{run:D5}.parquet"
                    : $"{Prefix}{table.Name}/{LakeTables.PartitionColumn}={group.Key}/part-{run:D5}-0.parquet";
                var bytes = await ParquetAsync(table, group.ToList());
                await Store.PutAsync(Bucket, key, new MemoryStream(bytes), "application/vnd.apache.parquet");
                partitions.Add(new LakePartition(group.Key, [new LakeFile(key, group.Count(), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)))]));
            }
            tables.Add(new LakeManifestTable(table.Name, partitions));
        }
        Manifest = new LakeManifest { Version = run, CreatedAt = DateTime.UtcNow, Tables = tables };
        await Store.PutAsync(Bucket, ManifestKey, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(Manifest, Json)), "application/json");
        return Manifest;
    }

    public void Dispose()
    {
        _mirror?.Dispose();
        try { _root.Delete(recursive: true); }
        catch (IOException) { } // an engine may still hold a file open on some platforms; the temp folder is cleaned eventually
    }

    /// <summary>The month a row belongs to: sales and orders by placed_at, membership by snapshot_date, events by occurred_at.</summary>
    private static string PartitionOf(LakeTable table, Dictionary<string, object?> row)
    {
        var at = table.Name switch
        {
            "membership" => row["snapshot_date"] is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : (DateTime?)null,
            "events" => row["occurred_at"] as DateTime?,
            _ => row["placed_at"] as DateTime?,
        } ?? throw new ArgumentException($"A {table.Name} row needs the time it is partitioned by.");
        return at.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    private static async Task<byte[]> ParquetAsync(LakeTable table, List<Dictionary<string, object?>> rows)
    {
        var schema = new ParquetSchema(table.Columns.Select(Field));
        var values = rows.Select(r => (IDictionary<string, object>)r.ToDictionary(c => c.Key, c => Value(table.Columns.First(x => x.Name == c.Key), c.Value)!)).ToList();
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeUntypedAsync(values, schema, stream);
        return stream.ToArray();
    }

    private static Field Field(LakeColumn column) => column.Type switch
    {
        "bigint" => new DataField<long?>(column.Name),
        "int" => new DataField<int?>(column.Name),
        "boolean" => new DataField<bool?>(column.Name),
        "date" => new DataField<DateOnly?>(column.Name),
        // As the export writes them. Parquet.Net 6.1.0 writes a micros column's min/max statistics in milliseconds: a raw
        // read_parquet filter on such a column prunes every row group. The DuckDB engine's views CAST each column, which
        // keeps DuckDB from pushing filters into those statistics (the dashboard tests depend on that).
        "timestamp" => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        "decimal(12,2)" => new DecimalDataField(column.Name, 12, 2, isNullable: true),
        _ => new DataField<string>(column.Name, true),
    };

    // Typed as the schema wants them (an int where a bigint is expected would not serialize).
    private static object? Value(LakeColumn column, object? value) => value is null ? null : column.Type switch
    {
        "bigint" => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        "int" => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        "decimal(12,2)" => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        "timestamp" => DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc),
        _ => value,
    };

    private sealed class PublishedManifest(LakeFixture lake) : ILakeManifestReader
    {
        public async Task<LakeManifest?> CurrentAsync(CancellationToken cancellationToken = default)
        {
            await using var stored = await lake.Store.GetAsync(Bucket, ManifestKey, cancellationToken);
            return stored is null ? null : await JsonSerializer.DeserializeAsync<LakeManifest>(stored.Content, Json, cancellationToken);
        }
    }
}
