using Microsoft.ML;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Training;

namespace Portal.Tests.Engine.Models.Training;

/// <summary>The split, the training pipeline and the evaluation, on synthetic but learnable embeddings.</summary>
public sealed class ClassifierTrainingTests
{
    private static readonly IReadOnlyList<LabelledEmbedding> Rows = SyntheticEmbeddings.Rows(SyntheticEmbeddings.Categories, perLabel: 20);

    private static TrainedClassifier Train(string trainer, int seed = 42, double fraction = 0.25)
    {
        var (train, validation) = StratifiedSplit.Split(Rows, seed, fraction);
        return ClassifierTraining.Train(train, validation, trainer, Trainers.Resolve(trainer, null), seed);
    }

    [Fact]
    public void The_split_holds_out_the_fraction_of_every_label_and_is_the_same_for_the_same_seed()
    {
        var rows = SyntheticEmbeddings.Rows(["a", "b", "c"], perLabel: 10).Where((r, i) => r.Label != "c" || i < 12).ToList();

        var (train, validation) = StratifiedSplit.Split(rows, 1, 0.2);

        Assert.Equal(2, validation.Count(r => r.Label == "a"));
        Assert.Equal(2, validation.Count(r => r.Label == "b"));
        Assert.Equal(1, validation.Count(r => r.Label == "c"));   // 4 rows of c: round(0.8) = 1
        Assert.Equal(rows.Count, train.Count + validation.Count);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(validation, StratifiedSplit.Split(rows, 1, 0.2).Validation);
        Assert.NotEqual(validation, StratifiedSplit.Split(rows, 2, 0.2).Validation);
    }

    [Fact]
    public void A_label_with_one_row_stays_in_training()
    {
        var rows = SyntheticEmbeddings.Rows(["a", "b"], perLabel: 5).Append(new LabelledEmbedding("s3://x/y", "rare", new float[512])).ToList();

        var (train, validation) = StratifiedSplit.Split(rows, 3, 0.5);

        Assert.Contains(train, r => r.Label == "rare");
        Assert.DoesNotContain(validation, r => r.Label == "rare");
    }

    [Theory]
    [InlineData(Trainers.LbfgsMaximumEntropy)]
    [InlineData(Trainers.SdcaMaximumEntropy)]
    [InlineData(Trainers.AveragedPerceptronOneVersusAll)]
    public void Each_trainer_learns_the_labels_and_the_same_seed_gives_the_same_metrics(string trainer)
    {
        var first = Train(trainer);
        var again = Train(trainer);

        Assert.True(first.Metrics.Accuracy >= 0.9, $"{trainer}: accuracy {first.Metrics.Accuracy}");
        Assert.Equal(15, first.Metrics.ValidationCount);
        Assert.Equal(45, first.Metrics.TrainCount);
        Assert.Equal(TrainingArtifacts.Serialize(first.Metrics), TrainingArtifacts.Serialize(again.Metrics));
        Assert.Equal(first.Model.Length > 0, true);
    }

    [Fact]
    public void The_saved_model_loads_with_the_model_input_schema_and_its_scores_follow_the_labels_order()
    {
        var trained = Train(Trainers.LbfgsMaximumEntropy);
        var ml = new MLContext(1);
        var model = ml.Model.Load(new MemoryStream(trained.Model), out var schema);
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model, inputSchema: schema);

        Assert.Equal(SyntheticEmbeddings.Categories.Order(StringComparer.Ordinal), trained.Labels);
        Assert.Equal(trained.Labels, ClassifierTraining.ScoreLabels(model.GetOutputSchema(schema)));
        foreach (var label in SyntheticEmbeddings.Categories)
        {
            var row = Rows.Last(r => r.Label == label);
            var scores = engine.Predict(new ModelInput { Features = row.Features }).Score;
            Assert.Equal(trained.Labels.Count, scores.Length);
            Assert.Equal(label, trained.Labels[Array.IndexOf(scores, scores.Max())]);
        }
    }

    [Fact]
    public void Evaluation_gives_precision_recall_f1_support_and_the_confusion_matrix_by_actual_then_predicted()
    {
        string[] labels = ["a", "b"];
        var metrics = TrainingEvaluation.Evaluate(labels, ["a", "a", "a", "b", "b"], ["a", "a", "b", "b", "a"], trainCount: 20);

        Assert.Equal([[2, 1], [1, 1]], metrics.Confusion.Select(r => r.ToArray()).ToArray());
        Assert.Equal(0.6, metrics.Accuracy, 6);
        Assert.Equal(2.0 / 3, metrics.PerLabel[0].Precision, 6);
        Assert.Equal(2.0 / 3, metrics.PerLabel[0].Recall, 6);
        Assert.Equal(0.5, metrics.PerLabel[1].Precision, 6);
        Assert.Equal(0.5, metrics.PerLabel[1].Recall, 6);
        Assert.Equal(3, metrics.PerLabel[0].Support);
        Assert.Equal((2.0 / 3 + 0.5) / 2, metrics.MacroF1, 6);
        Assert.Equal(20, metrics.TrainCount);
    }

    [Fact]
    public void Rows_of_one_label_are_refused()
    {
        var rows = SyntheticEmbeddings.Rows(["only"], perLabel: 6);
        var (train, validation) = StratifiedSplit.Split(rows, 1, 0.3);

        var e = Assert.Throws<ModelsException>(() => ClassifierTraining.Train(train, validation, Trainers.LbfgsMaximumEntropy, Trainers.Resolve(Trainers.LbfgsMaximumEntropy, null), 1));
        Assert.Contains("at least two labels", e.Message);
    }
}
