using System.Globalization;
using System.Text.Json;

namespace Portal.Engine.Imaging.Edits;

/// <summary>Colours as requests spell them: <c>{"r":255,"g":0,"b":0,"alpha":1}</c>, "#f00", "ff0000", "#ff000080" or a CSS name.</summary>
public static class ColorParser
{
    private static readonly Dictionary<string, RgbaColor> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["black"] = new(0, 0, 0), ["white"] = new(255, 255, 255), ["red"] = new(255, 0, 0), ["lime"] = new(0, 255, 0),
        ["green"] = new(0, 128, 0), ["blue"] = new(0, 0, 255), ["yellow"] = new(255, 255, 0), ["cyan"] = new(0, 255, 255),
        ["aqua"] = new(0, 255, 255), ["magenta"] = new(255, 0, 255), ["fuchsia"] = new(255, 0, 255), ["gray"] = new(128, 128, 128),
        ["grey"] = new(128, 128, 128), ["silver"] = new(192, 192, 192), ["maroon"] = new(128, 0, 0), ["navy"] = new(0, 0, 128),
        ["olive"] = new(128, 128, 0), ["purple"] = new(128, 0, 128), ["teal"] = new(0, 128, 128), ["orange"] = new(255, 165, 0),
        ["pink"] = new(255, 192, 203), ["brown"] = new(165, 42, 42), ["transparent"] = new(0, 0, 0, 0),
    };

    public static RgbaColor? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (Named.TryGetValue(text, out var named)) return named;
        var hex = text.StartsWith('#') ? text[1..] : text;
        if (hex.Length == 3 || hex.Length == 4) hex = string.Concat(hex.Select(c => $"{c}{c}"));
        if (hex.Length is not (6 or 8) || !uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)) return null;
        if (hex.Length == 6) value = (value << 8) | 0xFF;
        return new RgbaColor((byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (value & 0xFF) / 255.0);
    }

    public static RgbaColor Parse(JsonElement element, string edit)
    {
        if (element.ValueKind == JsonValueKind.String)
            return TryParse(element.GetString()) ?? throw ImageErrors.BadEdit(edit, $"'{element.GetString()}' is not a colour");
        if (element.ValueKind != JsonValueKind.Object) throw ImageErrors.BadEdit(edit, "a colour must be an object {r,g,b,alpha} or a string");
        return new RgbaColor(Channel(element, "r", edit), Channel(element, "g", edit), Channel(element, "b", edit),
            element.TryGetProperty("alpha", out var alpha) && JsonNumbers.TryGet(alpha, out var a) ? Math.Clamp(a, 0, 1) : 1);
    }

    private static byte Channel(JsonElement color, string name, string edit)
    {
        if (!color.TryGetProperty(name, out var value)) return 0;
        if (!JsonNumbers.TryGet(value, out var number)) throw ImageErrors.BadEdit(edit, $"'{name}' must be a number");
        return (byte)Math.Clamp(Math.Round(number), 0, 255);
    }
}

internal static class JsonNumbers
{
    /// <summary>A JSON number, or a string holding one (requests mapped from URLs carry strings).</summary>
    public static bool TryGet(JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out value) && double.IsFinite(value),
            JsonValueKind.String => double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value),
            _ => false,
        };
    }
}
