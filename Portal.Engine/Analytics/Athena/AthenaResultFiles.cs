using System.Text.Json;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Athena;

/// <summary>One page of a stored result: the rows (header first on the first page) and where the next page starts.</summary>
public sealed record AthenaResultPage(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<string?[]> Rows, long? NextOffset);

/// <summary>
/// A finished query's result in the output location, as Athena leaves it: <c>&lt;id&gt;.csv</c> and, beside it,
/// <c>&lt;id&gt;.csv.metadata</c> (here JSON: the columns and their types). Pages are read from these files, so any
/// instance can serve any query's results.
/// </summary>
public sealed class AthenaResultFiles(IObjectStore store)
{
    public static string CsvName(string id) => id + ".csv";
    public static string MetadataName(string id) => id + ".csv.metadata";

    public async Task WriteAsync(S3Location location, string id, QueryResult result, CancellationToken ct)
    {
        await store.EnsureBucketAsync(location.Bucket, ct);
        using var csv = new MemoryStream();
        AthenaCsv.WriteRow(csv, result.Columns.Select(c => c.Name));
        foreach (var row in result.Rows)
            AthenaCsv.WriteRow(csv, row.Select((value, i) => AthenaValueFormat.Format(value, i < result.Columns.Count ? result.Columns[i].Scale : 0)));
        csv.Position = 0;
        await store.PutAsync(location.Bucket, location.KeyOf(CsvName(id)), csv, "text/csv", cancellationToken: ct);
        using var metadata = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new ResultMetadata(result.Columns.ToList(), result.Rows.Count)));
        await store.PutAsync(location.Bucket, location.KeyOf(MetadataName(id)), metadata, "application/json", cancellationToken: ct);
    }

    /// <summary>The page at <paramref name="offset"/> (0: the first, with the header row); null when the files are gone.</summary>
    public async Task<AthenaResultPage?> ReadPageAsync(S3Location location, string id, long offset, int maxRows, CancellationToken ct)
    {
        await using var metadataObject = await store.GetAsync(location.Bucket, location.KeyOf(MetadataName(id)), ct);
        if (metadataObject is null) return null;
        var metadata = await JsonSerializer.DeserializeAsync<ResultMetadata>(metadataObject.Content, cancellationToken: ct)
            ?? throw new InvalidDataException($"{MetadataName(id)} is empty.");
        await using var csv = await store.GetAsync(location.Bucket, location.KeyOf(CsvName(id)), ct);
        if (csv is null) return null;
        if (offset > csv.Info.Length) throw new ArgumentOutOfRangeException(nameof(offset), "The page token points past the result.");
        var (rows, end, more) = await AthenaCsv.ReadRowsAsync(csv.Content, offset, maxRows, ct);
        return new AthenaResultPage(metadata.Columns, rows, more ? end : null);
    }

    private sealed record ResultMetadata(List<QueryColumn> Columns, long RowCount);
}
