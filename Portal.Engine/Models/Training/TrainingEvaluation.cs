namespace Portal.Engine.Models.Training;

/// <summary>Accuracy, macro F1, per-label precision/recall/F1 and the confusion matrix of a validation split.</summary>
public static class TrainingEvaluation
{
    public static TrainingMetrics Evaluate(IReadOnlyList<string> labels, IReadOnlyList<string> actual, IReadOnlyList<string> predicted, int trainCount)
    {
        var index = labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i, StringComparer.Ordinal);
        var confusion = labels.Select(_ => new int[labels.Count]).ToArray();
        for (var i = 0; i < actual.Count; i++)
            if (index.TryGetValue(actual[i], out var a)) confusion[a][index[predicted[i]]]++;

        var perLabel = new List<LabelMetrics>(labels.Count);
        for (var l = 0; l < labels.Count; l++)
        {
            var truePositives = confusion[l][l];
            var support = confusion[l].Sum();
            var predictedAs = confusion.Sum(row => row[l]);
            var precision = predictedAs == 0 ? 0 : (double)truePositives / predictedAs;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perLabel.Add(new LabelMetrics(labels[l], precision, recall, f1, support));
        }
        var correct = Enumerable.Range(0, labels.Count).Sum(l => confusion[l][l]);
        var accuracy = actual.Count == 0 ? 0 : (double)correct / actual.Count;
        // Macro F1 over the labels the validation split has (a label with no held-out row has no recall to speak of).
        var scored = perLabel.Where(m => m.Support > 0).ToList();
        var macroF1 = scored.Count == 0 ? 0 : scored.Average(m => m.F1);
        return new TrainingMetrics(labels, accuracy, macroF1, perLabel, confusion, trainCount, actual.Count);
    }
}
