using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Parquet.Serialization;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// The embeddings as Parquet for the lake: each worker batch or backfill batch that stored new vectors appends one part
/// file under <see cref="ModelsLayout.EmbeddingsPrefix"/> (<c>part-{utc time}-{id}.parquet</c>; columns image_key, source,
/// model, vector as list&lt;float&gt;). Append-only: a vector is written once, when it is first stored; a reader wanting
/// only live images joins with the database (or the images table in the lake), since deletions do not rewrite parts.
/// </summary>
public sealed class EmbeddingsParquet(IObjectStore store, IOptions<ModelsOptions> options, TimeProvider clock)
{
    /// <summary>Writes one part with <paramref name="rows"/>; returns its key, or null when there was nothing to write.</summary>
    public async Task<string?> AppendAsync(IReadOnlyCollection<ImageEmbedding> rows, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0) return null;
        var bucket = options.Value.Bucket;
        var model = rows.First().Model;
        var key = $"{ModelsLayout.EmbeddingsPrefix(model)}part-{clock.GetUtcNow():yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}.parquet";
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows.Select(Row.Of), stream, cancellationToken: cancellationToken);
        stream.Position = 0;
        await store.EnsureBucketAsync(bucket, cancellationToken);
        await store.PutAsync(bucket, key, stream, "application/vnd.apache.parquet", cancellationToken: cancellationToken);
        return key;
    }

    /// <summary>One row of a part file.</summary>
    public sealed class Row
    {
        /// <summary>The original's key in its image space (customer images: under <c>customers/{owner}/</c> of the images bucket).</summary>
        [JsonPropertyName("image_key")] public string ImageKey { get; set; } = "";
        /// <summary><c>customer</c> or <c>product</c>.</summary>
        [JsonPropertyName("source")] public string Source { get; set; } = "";
        [JsonPropertyName("model")] public string Model { get; set; } = "";
        [JsonPropertyName("vector")] public List<float> Vector { get; set; } = [];

        public static Row Of(ImageEmbedding e) => new()
        {
            ImageKey = e.ObjectKey,
            Source = e.Source.ToString().ToLowerInvariant(),
            Model = e.Model,
            Vector = [.. EmbeddingVectors.Unpack(e.Vector)],
        };
    }
}
