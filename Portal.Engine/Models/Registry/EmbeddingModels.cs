namespace Portal.Engine.Models.Registry;

/// <summary>Whether a model version can be served by this portal: its inputs must be vectors of the embedder the portal runs.</summary>
public static class EmbeddingModels
{
    public static bool Match(string versionEmbeddingModel, string servedEmbeddingModel) =>
        string.Equals(versionEmbeddingModel, servedEmbeddingModel, StringComparison.Ordinal);

    public static string Mismatch(ModelVersion version, string servedEmbeddingModel) =>
        $"{version.ModelName} version {version.Version} was trained on {version.EmbeddingModel} embeddings, but this portal embeds images with "
        + $"{servedEmbeddingModel}; its predictions would be meaningless. Train a new version on a dataset built with {servedEmbeddingModel}.";
}
