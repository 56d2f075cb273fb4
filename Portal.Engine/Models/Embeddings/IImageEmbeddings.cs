namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// The stored embeddings (table <c>image_embeddings</c>, current <see cref="IImageEmbedder.Model"/> only): computed once per
/// image by the worker, read by datasets, similarity and predictions.
/// </summary>
public interface IImageEmbeddings
{
    /// <summary>The stored vector of an image, or null when it has none yet.</summary>
    Task<float[]?> FindAsync(ImageSource source, string objectKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// The image's vector: the stored one, or computed now from its original (fetched from its image space) and stored.
    /// Idempotent and safe to run concurrently for one image. Throws <see cref="InvalidDataException"/> when the original
    /// is not an image, <see cref="FileNotFoundException"/> when it is gone.
    /// </summary>
    Task<float[]> EnsureAsync(ImageRef image, CancellationToken cancellationToken = default);

    /// <summary>The owner's other images most like this one by cosine similarity, best first.</summary>
    Task<IReadOnlyList<SimilarImage>> SimilarAsync(Guid imageId, string ownerUserId, int count, CancellationToken cancellationToken = default);
}

public sealed record SimilarImage(Guid ImageId, float Similarity);
