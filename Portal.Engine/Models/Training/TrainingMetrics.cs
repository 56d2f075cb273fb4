namespace Portal.Engine.Models.Training;

/// <summary>
/// How a model did on its held-out split (written as <c>metrics.json</c> and kept on the version): accuracy, macro F1,
/// per-label precision and recall, and the confusion matrix (<c>Confusion[actual][predicted]</c>, labels in <see cref="Labels"/> order).
/// <see cref="ConsentWithdrawnCount"/>: rows of the dataset version left out because their owners withdrew consent before the job ran.
/// </summary>
public sealed record TrainingMetrics(
    IReadOnlyList<string> Labels,
    double Accuracy,
    double MacroF1,
    IReadOnlyList<LabelMetrics> PerLabel,
    IReadOnlyList<IReadOnlyList<int>> Confusion,
    int TrainCount,
    int ValidationCount,
    int ConsentWithdrawnCount = 0);

public sealed record LabelMetrics(string Label, double Precision, double Recall, double F1, int Support);
