using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Portal.Engine.Imaging;

namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// ResNet18 features with OnnxRuntime: the two ONNX files the <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> package copies
/// into the output folder, chained as ML.NET's DnnImageFeaturizer chains them (the preprocessing network: RGB planes to BGR
/// minus the mean image; then ResNet18 up to its global pooling, 512 features). Both sessions are made once; OnnxRuntime's
/// Run is thread-safe, so one instance serves every thread.
/// </summary>
public sealed class ResNet18Embedder : IImageEmbedder, IDisposable
{
    public const string ModelName = "resnet18-v1";
    public const int FeatureCount = 512;

    private readonly Lazy<Network> _network;
    private readonly long _maxPixels;

    /// <summary>Images are held to the upload path's pixel limit (<c>Imaging:MaxInputPixels</c>).</summary>
    public ResNet18Embedder(IOptions<ModelsOptions> options, IOptions<ImagingOptions> imaging)
        : this(options.Value.EmbeddingThreads, maxPixels: imaging.Value.MaxInputPixels) { }

    /// <summary>The sessions are made on first use (the app starts without loading 64 MB it may not need yet).</summary>
    public ResNet18Embedder(int threads, string? modelsFolder = null, long? maxPixels = null)
    {
        _maxPixels = maxPixels ?? ResNetInput.DefaultMaxPixels;
        modelsFolder ??= Path.Combine(AppContext.BaseDirectory, "DnnImageModels");
        _network = new Lazy<Network>(() => new Network(threads, modelsFolder), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Model => ModelName;
    public int Dimensions => FeatureCount;

    /// <summary>The preprocessing and network files under <paramref name="modelsFolder"/> (the package's <c>DnnImageModels</c>).</summary>
    public static (string Prepare, string Network) Files(string modelsFolder)
    {
        var prepare = Path.Combine(modelsFolder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        var network = Path.Combine(modelsFolder, "ResNet18Onnx", "ResNet18.onnx");
        foreach (var file in new[] { prepare, network })
            if (!File.Exists(file))
                throw new FileNotFoundException($"The ResNet18 model file {file} is missing: the Microsoft.ML.DnnImageFeaturizer.ResNet18 package copies it into the output folder.", file);
        return (prepare, network);
    }

    /// <summary>One intra-op pool of <paramref name="threads"/>, sequential graphs: what the worker and the benchmark both use.</summary>
    public static SessionOptions SessionSettings(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    public float[] Embed(ReadOnlySpan<byte> encodedImage) => EmbedPixels(ResNetInput.From(encodedImage, _maxPixels));

    /// <summary>The vector of pixels already prepared by <see cref="ResNetInput"/> (<see cref="ResNetInput.Length"/> floats).</summary>
    public float[] EmbedPixels(float[] planes)
    {
        if (planes.Length != ResNetInput.Length) throw new ArgumentException($"The network takes {ResNetInput.Length} floats, not {planes.Length}.", nameof(planes));
        var vector = _network.Value.Run(planes);
        if (vector.Length != FeatureCount) throw new InvalidOperationException($"ResNet18 gave {vector.Length} features, not {FeatureCount}.");
        return vector;
    }

    public void Dispose()
    {
        if (_network.IsValueCreated) _network.Value.Dispose();
    }

    /// <summary>The two sessions, with the names and shapes read from the files.</summary>
    private sealed class Network : IDisposable
    {
        private readonly InferenceSession _prepare;
        private readonly InferenceSession _network;
        private readonly string _prepareInput, _prepareOutput, _networkInput, _networkOutput;
        private readonly long[] _prepareShape, _networkShape;

        public Network(int threads, string modelsFolder)
        {
            var (prepareFile, networkFile) = Files(modelsFolder);
            using var settings = SessionSettings(threads);
            _prepare = new InferenceSession(prepareFile, settings);
            _network = new InferenceSession(networkFile, settings);
            (_prepareInput, _prepareShape) = Single(_prepare.InputMetadata);
            _prepareOutput = _prepare.OutputMetadata.Keys.Single();
            (_networkInput, _networkShape) = Single(_network.InputMetadata);
            _networkOutput = _network.OutputMetadata.Keys.Single();
        }

        public float[] Run(float[] planes)
        {
            // OrtValues over the managed arrays: no copies into OnnxRuntime's tensors on the way in.
            using var run = new RunOptions();
            using var input = OrtValue.CreateTensorValueFromMemory(planes, _prepareShape);
            using var prepared = _prepare.Run(run, [_prepareInput], [input], [_prepareOutput]);
            var preprocessed = prepared[0].GetTensorDataAsSpan<float>().ToArray();
            using var networkInput = OrtValue.CreateTensorValueFromMemory(preprocessed, _networkShape);
            using var features = _network.Run(run, [_networkInput], [networkInput], [_networkOutput]);
            return features[0].GetTensorDataAsSpan<float>().ToArray();
        }

        /// <summary>The only input's name and its shape with any free dimension (the batch) as 1.</summary>
        private static (string Name, long[] Shape) Single(IReadOnlyDictionary<string, NodeMetadata> inputs)
        {
            var (name, meta) = inputs.Single();
            return (name, meta.Dimensions.Select(d => d < 1 ? 1L : d).ToArray());
        }

        public void Dispose()
        {
            _prepare.Dispose();
            _network.Dispose();
        }
    }
}
