using System.Globalization;

namespace Portal.Engine.Imaging.Edits;

/// <summary>The sharp operations in words, in the order they are applied (see <see cref="ImageEditsDescription"/>).</summary>
internal static class SharpOperationsDescription
{
    public static IEnumerable<string> Parts(SharpOperations? ops)
    {
        if (ops is null) yield break;
        if (ops.Trim is { } trim) yield return $"trimmed (threshold {N(trim.Threshold)})";
        if (ops.Affine is { } m) yield return $"transformed by [{string.Join(", ", m.Select(N))}]";
        if (ops.Extend is { } e) yield return $"extended by {e.Top}, {e.Right}, {e.Bottom}, {e.Left} px";
        if (ops.Median is { } median) yield return $"median {median} px";
        if (ops.Threshold is { } threshold) yield return $"threshold {threshold.Value}";
        if (ops.Convolve is { } convolve) yield return $"convolved ({convolve.Width} × {convolve.Height} kernel)";
        if (ops.Recomb is not null) yield return "channels recombined";
        if (ops.Modulate is { } mod) yield return $"modulated (brightness {N(mod.Brightness)}, saturation {N(mod.Saturation)}, hue {mod.Hue}°, lightness {N(mod.Lightness)})";
        if (ops.Gamma is { } gamma) yield return $"gamma {N(gamma)}";
        if (ops.Linear is { } linear) yield return $"levels × {N(linear)}";
        if ((ops.NormaliseLower, ops.NormaliseUpper) != (1, 99)) yield return $"normalized between {ops.NormaliseLower}% and {ops.NormaliseUpper}%";
        if (ops.Clahe is { } clahe) yield return $"local contrast ({clahe.Width} × {clahe.Height} px)";
        if (ops.NegateKeepsAlpha) yield return "transparency kept in the negative";
        if (ops.RemoveAlpha) yield return "transparency removed";
        if (ops.EnsureAlpha is { } alpha) yield return $"transparency added at {N(alpha * 100)}% opacity";
        if (ops.BlackAndWhite) yield return "black and white";
        if (ops.ExtractChannel is { } channel) yield return $"{new[] { "red", "green", "blue", "alpha" }[channel]} channel only";
    }

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
