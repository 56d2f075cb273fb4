using System.Globalization;

namespace Portal.Engine.Imaging.Edits;

/// <summary>An overlay offset: pixels ("20", "-20" from the far edge) or percent of the image ("25p", "-10p").</summary>
public readonly record struct OverlayPosition(double Value, bool IsPercent)
{
    public static OverlayPosition? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var percent = text.EndsWith('p');
        var number = percent ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)) return null;
        if (percent && value is < -100 or > 100) return null;
        return new OverlayPosition(value, percent);
    }

    /// <summary>The offset of an overlay of size <paramref name="overlay"/> inside <paramref name="image"/> pixels.</summary>
    public int Resolve(int image, int overlay)
    {
        var pixels = IsPercent ? image * Value / 100 : Value;
        return (int)Math.Round(pixels < 0 || (pixels == 0 && double.IsNegative(pixels)) ? image + pixels - overlay : pixels);
    }
}
