namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// A pretrained image network that turns a picture into a feature vector: ResNet18 (the ONNX file the
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> package ships, run with OnnxRuntime; nothing is downloaded).
/// Thread-safe; one instance per process.
/// </summary>
public interface IImageEmbedder
{
    /// <summary>The name stored with each vector, e.g. <c>resnet18-v1</c>: vectors of different models are never compared.</summary>
    string Model { get; }

    /// <summary>The vector's length (512 for ResNet18).</summary>
    int Dimensions { get; }

    /// <summary>
    /// The vector of an encoded image (JPEG, PNG, WebP or GIF's first frame). Throws <see cref="InvalidDataException"/>
    /// when the bytes are not an image the portal can decode, also when the header declares more pixels than
    /// <c>Imaging:MaxInputPixels</c> (then with an <see cref="ImageTooLargeException"/> inside: <see cref="ResNetInput.IsTooLarge"/>).
    /// </summary>
    float[] Embed(ReadOnlySpan<byte> encodedImage);
}
