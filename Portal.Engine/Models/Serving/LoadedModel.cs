using System.Collections.Concurrent;
using Microsoft.ML;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Training;

namespace Portal.Engine.Models.Serving;

/// <summary>
/// One model version loaded for serving. A <see cref="PredictionEngine{TSrc,TDst}"/> is not thread-safe, so each
/// prediction rents one from a small pool (made on demand, kept up to <see cref="MaxPooledEngines"/>), as ML.NET's
/// PredictionEnginePool does.
/// </summary>
public sealed class LoadedModel
{
    private static readonly int MaxPooledEngines = Math.Max(4, Environment.ProcessorCount * 2);
    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly DataViewSchema _inputSchema;
    private readonly ConcurrentBag<PredictionEngine<ModelInput, ModelOutput>> _engines = [];
    private readonly Lock _creating = new();

    public LoadedModel(ModelVersion version, IReadOnlyList<string> labels, MLContext ml, ITransformer transformer, DataViewSchema inputSchema)
    {
        (ModelVersionId, ModelName, Version, Labels) = (version.Id, version.ModelName, version.Version, labels);
        (_ml, _transformer, _inputSchema) = (ml, transformer, inputSchema);
    }

    public int ModelVersionId { get; }
    public string ModelName { get; }
    public int Version { get; }
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The <paramref name="top"/> labels by probability, best first.</summary>
    public IReadOnlyList<LabelScore> Predict(string endpoint, float[] features, int top)
    {
        if (features.Length != ModelInput.Dimensions)
            throw new EndpointModelException(endpoint, $"The model takes {ModelInput.Dimensions} features, not {features.Length}.");
        float[] scores;
        var engine = Rent();
        try
        {
            scores = [.. engine.Predict(new ModelInput { Features = features }).Score];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new EndpointModelException(endpoint, $"Model {ModelName} version {Version} failed to predict: {e.Message}", e);
        }
        finally
        {
            if (_engines.Count < MaxPooledEngines) _engines.Add(engine);
        }
        if (scores.Length != Labels.Count)
            throw new EndpointModelException(endpoint, $"Model {ModelName} version {Version} gave {scores.Length} scores for {Labels.Count} labels.");
        var probabilities = Probabilities.Normalize(scores);
        return probabilities.Select((p, i) => new LabelScore(Labels[i], p))
            .OrderByDescending(s => s.Probability).ThenBy(s => s.Label, StringComparer.Ordinal)
            .Take(top).ToList();
    }

    private PredictionEngine<ModelInput, ModelOutput> Rent()
    {
        if (_engines.TryTake(out var engine)) return engine;
        lock (_creating) return _ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(_transformer, _inputSchema);
    }
}
