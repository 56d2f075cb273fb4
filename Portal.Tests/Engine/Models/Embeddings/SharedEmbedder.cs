using Portal.Engine.Models.Embeddings;

namespace Portal.Tests.Engine.Models.Embeddings;

/// <summary>One real ResNet18 embedder for the test process (loading the 64 MB network once).</summary>
internal static class SharedEmbedder
{
    private static readonly Lazy<ResNet18Embedder> Embedder = new(() => new ResNet18Embedder(threads: 1));

    public static ResNet18Embedder Instance => Embedder.Value;
}
