namespace Portal.Engine.Models.Serving;

/// <summary>Scores as probabilities: maximum-entropy trainers already give them; raw scores (e.g. one-versus-all margins) get a softmax.</summary>
public static class Probabilities
{
    public static float[] Normalize(float[] scores)
    {
        if (scores.Length == 0) return scores;
        var sum = scores.Sum(s => (double)s);
        if (scores.All(s => s >= 0 && float.IsFinite(s)) && Math.Abs(sum - 1) < 1e-3) return scores;
        var max = scores.Where(float.IsFinite).DefaultIfEmpty(0).Max();
        var exp = scores.Select(s => float.IsFinite(s) ? Math.Exp(s - max) : 0).ToArray();
        var total = exp.Sum();
        return total > 0 ? exp.Select(e => (float)(e / total)).ToArray() : scores.Select(_ => 1f / scores.Length).ToArray();
    }
}
