using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Portal.Engine.Models.Embeddings;

// Embeddings per second: the portal's ResNet18Embedder against a bare OnnxRuntime InferenceSession on the same two ONNX
// files with the same preprocessing (ResNetInput), in one process, alternating, with 1 and 2 intra-op threads. The bare
// peer uses OnnxRuntime's default session options (only the thread count set), not the portal's settings.
// Usage: Portal.Bench.Models <corpus folder> [images per measurement=40] [report.md]
var corpus = args.Length > 0 ? args[0] : "/work/shared/bench/corpus";
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
var report = args.Length > 2 ? args[2] : null;
var photos = Directory.GetFiles(corpus).Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)).Order().Select(File.ReadAllBytes).ToArray();
if (photos.Length == 0) throw new InvalidOperationException($"No JPEG photos in {corpus}.");
var models = Path.Combine(AppContext.BaseDirectory, "DnnImageModels");
// The network alone: pixels prepared once, so the comparison is of the inference path, not of JPEG decoding.
var planes = photos.Select(p => ResNetInput.From(p)).ToArray();

var lines = new List<string>
{
    $"| threads | input | ResNet18Embedder (img/s) | bare InferenceSession (img/s) | ratio |",
    "|---:|---|---:|---:|---:|",
};
foreach (var threads in new[] { 1, 2 })
{
    using var embedder = new ResNet18Embedder(threads, models);
    using var bare = new BareResNet(threads, models);
    for (var i = 0; i < 3; i++) { embedder.Embed(photos[i % photos.Length]); bare.Embed(planes[i % planes.Length]); } // warm-up
    Check(embedder.Embed(photos[0]), bare.Embed(planes[0]));

    // Alternating rounds of both, so a busy moment on the shared machine falls on both alike.
    double Rate(Action<int> one)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) one(i);
        return count / watch.Elapsed.TotalSeconds;
    }
    double sumE = 0, sumB = 0, sumEp = 0, sumBp = 0;
    const int Rounds = 2;
    for (var round = 0; round < Rounds; round++)
    {
        sumE += Rate(i => embedder.Embed(photos[i % photos.Length]));
        sumB += Rate(i => bare.Embed(ResNetInput.From(photos[i % photos.Length])));
        sumEp += Rate(i => embedder.EmbedPixels(planes[i % planes.Length]));
        sumBp += Rate(i => bare.Embed(planes[i % planes.Length]));
    }
    lines.Add(Row(threads, "JPEG bytes (decode + resize + network)", sumE / Rounds, sumB / Rounds));
    lines.Add(Row(threads, "prepared pixels (network only)", sumEp / Rounds, sumBp / Rounds));
}

var text = string.Join('\n', lines);
Console.WriteLine(text);
if (report is not null) File.WriteAllText(report, text + "\n");

static string Row(int threads, string input, double portal, double bare) =>
    string.Create(CultureInfo.InvariantCulture, $"| {threads} | {input} | {portal:F1} | {bare:F1} | {portal / bare:F2}x |");

static void Check(float[] a, float[] b)
{
    if (EmbeddingVectors.Cosine(a, b) < 0.9999f) throw new InvalidOperationException("The embedder and the bare session disagree.");
}

/// <summary>The bare peer: the two sessions with OrtValues over the caller's arrays, as OnnxRuntime's own samples do it.</summary>
internal sealed class BareResNet : IDisposable
{
    private readonly InferenceSession _prepare, _network;
    private readonly string[] _prepareIn, _prepareOut, _networkIn, _networkOut;
    private readonly long[] _prepareShape, _networkShape;

    public BareResNet(int threads, string models)
    {
        var (prepare, network) = ResNet18Embedder.Files(models);
        using var options = new SessionOptions { IntraOpNumThreads = threads };
        _prepare = new InferenceSession(prepare, options);
        _network = new InferenceSession(network, options);
        _prepareIn = [.. _prepare.InputNames];
        _prepareOut = [.. _prepare.OutputNames];
        _networkIn = [.. _network.InputNames];
        _networkOut = [.. _network.OutputNames];
        _prepareShape = _prepare.InputMetadata.Values.Single().Dimensions.Select(d => (long)Math.Max(d, 1)).ToArray();
        _networkShape = _network.InputMetadata.Values.Single().Dimensions.Select(d => (long)Math.Max(d, 1)).ToArray();
    }

    public float[] Embed(float[] planes)
    {
        using var run = new RunOptions();
        using var input = OrtValue.CreateTensorValueFromMemory(planes, _prepareShape);
        using var prepared = _prepare.Run(run, _prepareIn, [input], _prepareOut);
        var preprocessed = prepared[0].GetTensorDataAsSpan<float>().ToArray();
        using var networkInput = OrtValue.CreateTensorValueFromMemory(preprocessed, _networkShape);
        using var features = _network.Run(run, _networkIn, [networkInput], _networkOut);
        return features[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose()
    {
        _prepare.Dispose();
        _network.Dispose();
    }
}
