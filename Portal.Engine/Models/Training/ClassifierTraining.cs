using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Engine.Models.Datasets;

namespace Portal.Engine.Models.Training;

/// <summary>A trained classifier: the saved ML.NET model (<c>model.zip</c>), its labels in score order and its metrics.</summary>
public sealed record TrainedClassifier(byte[] Model, IReadOnlyList<string> Labels, TrainingMetrics Metrics);

/// <summary>
/// Trains one classifier over embeddings: MapValueToKey(Label), the trainer, MapKeyToValue(PredictedLabel), in an
/// <see cref="MLContext"/> seeded with the job's seed, so the same rows, trainer and seed give the same model and metrics.
/// </summary>
public static class ClassifierTraining
{
    public static TrainedClassifier Train(IReadOnlyList<LabelledEmbedding> train, IReadOnlyList<LabelledEmbedding> validation,
        string trainer, IReadOnlyDictionary<string, double> hyperparameters, int seed)
    {
        var labelCount = train.Select(r => r.Label).Distinct(StringComparer.Ordinal).Count();
        if (labelCount < 2)
            throw new ModelsException($"Training needs rows of at least two labels; the training split has {labelCount}.", nameof(TrainingRequest.DatasetVersionId));
        if (validation.Count == 0)
            throw new ModelsException("No label has the two rows needed to hold one out for validation.", nameof(TrainingRequest.DatasetVersionId));

        var ml = new MLContext(seed);
        var trainView = ml.Data.LoadFromEnumerable(train.Select(ToInput));
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(ModelInput.Label), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(TrainerEstimators.Create(ml, trainer, hyperparameters))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(trainView);

        var labels = ScoreLabels(model.GetOutputSchema(trainView.Schema));
        var scored = model.Transform(ml.Data.LoadFromEnumerable(validation.Select(ToInput)));
        var scores = scored.GetColumn<float[]>(nameof(ModelOutput.Score)).ToList();
        var predicted = scores.Select(s => labels[ArgMax(s)]).ToList();
        var metrics = TrainingEvaluation.Evaluate(labels, validation.Select(r => r.Label).ToList(), predicted, train.Count);

        using var zip = new MemoryStream();
        ml.Model.Save(model, trainView.Schema, zip);
        return new TrainedClassifier(zip.ToArray(), labels, metrics);
    }

    /// <summary>
    /// The label of each Score slot, read from the slot-name annotation the trainer puts on the Score column (the key
    /// values of the label), not assumed from the key ordering.
    /// </summary>
    public static IReadOnlyList<string> ScoreLabels(DataViewSchema schema)
    {
        var score = schema[nameof(ModelOutput.Score)];
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToList();
    }

    private static ModelInput ToInput(LabelledEmbedding row)
    {
        if (row.Features.Length != ModelInput.Dimensions)
            throw new ModelsException($"The row '{row.SourceRef}' has {row.Features.Length} features, not {ModelInput.Dimensions}.", nameof(TrainingRequest.DatasetVersionId));
        return new ModelInput { Features = row.Features, Label = row.Label };
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
