namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// Lanczos-3 filter weights (sharp's default kernel) for one axis, in 1/16384ths, with a fixed number of
/// taps per output pixel so the inner loops need no bounds checks: output pixel i reads source pixels
/// <c>Start[i] .. Start[i]+Taps-1</c>. Taps beyond the image's edge are folded onto the edge pixel.
/// </summary>
internal sealed class ResampleWeights
{
    public const int Precision = 14;
    private const double Radius = 3;

    public required int Taps { get; init; }
    public required int[] Start { get; init; }
    public required short[] Weights { get; init; }
    public int First => Start[0];
    public int Last => Start[^1] + Taps - 1;

    /// <param name="sourceLength">Pixels of the source on this axis.</param>
    /// <param name="regionStart">Where the resampled region starts (fractional source pixels).</param>
    /// <param name="regionLength">How long the region is (fractional source pixels).</param>
    /// <param name="outputLength">Pixels of the output on this axis.</param>
    public static ResampleWeights Lanczos3(int sourceLength, double regionStart, double regionLength, int outputLength)
    {
        var scale = regionLength / outputLength;
        var filterScale = Math.Max(scale, 1);
        var support = Radius * filterScale;
        var raw = new (int Min, double[] Weights)[outputLength];
        var taps = 1;
        for (var i = 0; i < outputLength; i++)
        {
            var center = regionStart + (i + 0.5) * scale;
            var lo = (int)Math.Floor(center - support - 0.5);
            var hi = (int)Math.Ceiling(center + support - 0.5);
            var min = Math.Clamp(lo, 0, sourceLength - 1);
            var max = Math.Clamp(hi, 0, sourceLength - 1);
            var weights = new double[max - min + 1];
            var sum = 0.0;
            for (var k = lo; k <= hi; k++)
            {
                var w = Kernel((k + 0.5 - center) / filterScale);
                if (w == 0) continue;
                weights[Math.Clamp(k, 0, sourceLength - 1) - min] += w;
                sum += w;
            }
            if (sum == 0) weights[Math.Clamp((int)center, min, max) - min] = sum = 1;
            for (var k = 0; k < weights.Length; k++) weights[k] /= sum;
            raw[i] = (min, weights);
            taps = Math.Max(taps, weights.Length);
        }
        taps = Math.Min(taps, sourceLength);

        var start = new int[outputLength];
        var fixedWeights = new short[outputLength * taps];
        for (var i = 0; i < outputLength; i++)
        {
            var (min, weights) = raw[i];
            var s = Math.Clamp(min, 0, sourceLength - taps);
            start[i] = s;
            var row = fixedWeights.AsSpan(i * taps, taps);
            var total = 0;
            var largest = 0;
            for (var k = 0; k < weights.Length; k++)
            {
                var q = (short)Math.Round(weights[k] * (1 << Precision));
                row[min - s + k] = q;
                total += q;
                if (q > row[largest]) largest = min - s + k;
            }
            row[largest] += (short)((1 << Precision) - total);
        }
        return new ResampleWeights { Taps = taps, Start = start, Weights = fixedWeights };
    }

    private static double Kernel(double x)
    {
        x = Math.Abs(x);
        if (x < 1e-9) return 1;
        if (x >= Radius) return 0;
        var px = Math.PI * x;
        return Radius * Math.Sin(px) * Math.Sin(px / Radius) / (px * px);
    }
}
