using Portal.Engine.Models.Datasets;

namespace Portal.Engine.Models.Training;

/// <summary>
/// A seeded stratified train/validation split: each label holds out round(count x fraction) of its rows (at least one
/// when it has two or more, never all). Labels are taken in ordinal order and rows stay in manifest order, so the same rows,
/// seed and fraction always give the same split.
/// </summary>
public static class StratifiedSplit
{
    public static (IReadOnlyList<LabelledEmbedding> Train, IReadOnlyList<LabelledEmbedding> Validation) Split(
        IReadOnlyList<LabelledEmbedding> rows, int seed, double fraction)
    {
        var random = new Random(seed);
        var held = new HashSet<int>();
        var byLabel = rows.Select((row, index) => (row.Label, index))
            .GroupBy(x => x.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var label in byLabel)
        {
            var indexes = label.Select(x => x.index).ToArray();
            if (indexes.Length < 2) continue;
            var count = Math.Clamp((int)Math.Round(indexes.Length * fraction, MidpointRounding.AwayFromZero), 1, indexes.Length - 1);
            random.Shuffle(indexes);
            held.UnionWith(indexes.Take(count));
        }
        var train = new List<LabelledEmbedding>(rows.Count - held.Count);
        var validation = new List<LabelledEmbedding>(held.Count);
        for (var i = 0; i < rows.Count; i++) (held.Contains(i) ? validation : train).Add(rows[i]);
        return (train, validation);
    }
}
