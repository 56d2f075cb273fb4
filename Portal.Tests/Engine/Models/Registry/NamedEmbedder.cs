using Portal.Engine.Models.Embeddings;

namespace Portal.Tests.Engine.Models.Registry;

/// <summary>
/// The embedder a portal runs, as far as the registry and the predictor look at it: its model's name. These tests give
/// the predictor vectors directly, so embedding an image is an error here.
/// </summary>
internal sealed class NamedEmbedder(string model) : IImageEmbedder
{
    public string Model => model;
    public int Dimensions => Portal.Engine.Models.Training.ModelInput.Dimensions;
    public float[] Embed(ReadOnlySpan<byte> encodedImage) => throw new InvalidOperationException("These tests send vectors, not images.");
}
