using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace Portal.Engine.Models.Datasets;

/// <summary>A dataset version's two files: SageMaker's augmented manifest and the embeddings as Parquet.</summary>
public static class DatasetFiles
{
    /// <summary>One JSON object per line: <c>{"source-ref":"s3://bucket/key","{dataset}":"label"}</c>, LF-terminated, UTF-8.</summary>
    public static byte[] Manifest(string datasetName, IEnumerable<LabelledEmbedding> rows)
    {
        using var output = new MemoryStream();
        foreach (var row in rows)
        {
            using (var json = new Utf8JsonWriter(output))
            {
                json.WriteStartObject();
                json.WriteString("source-ref", row.SourceRef);
                json.WriteString(datasetName, row.Label);
                json.WriteEndObject();
            }
            output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    public static async Task<MemoryStream> EmbeddingsAsync(IReadOnlyList<LabelledEmbedding> rows, CancellationToken cancellationToken)
    {
        var output = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows.Select(r => new Row { SourceRef = r.SourceRef, Label = r.Label, Features = [.. r.Features] }),
            output, cancellationToken: cancellationToken);
        output.Position = 0;
        return output;
    }

    public static async Task<IReadOnlyList<LabelledEmbedding>> ReadEmbeddingsAsync(Stream parquet, CancellationToken cancellationToken)
    {
        // Parquet needs a seekable stream; an S3 response body is not one.
        using var buffer = new MemoryStream();
        await parquet.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var rows = await ParquetSerializer.DeserializeAsync<Row>(buffer, cancellationToken: cancellationToken);
        var read = new List<LabelledEmbedding>();
        foreach (var r in rows.Data) read.Add(new LabelledEmbedding(r.SourceRef, r.Label, [.. r.Features]));
        return read;
    }

    private sealed class Row
    {
        [JsonPropertyName("source_ref")] public string SourceRef { get; set; } = "";
        [JsonPropertyName("label")] public string Label { get; set; } = "";
        [JsonPropertyName("features")] public List<float> Features { get; set; } = [];
    }
}
