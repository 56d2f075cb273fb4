using System.Text.Json;

namespace Portal.Engine.Imaging.Edits;

/// <summary>
/// Reads the sharp operations of an "edits" object into <see cref="SharpOperations"/>, with sharp's parameter rules:
/// a value sharp would refuse is a 400 naming the edit, never ignored.
/// </summary>
internal static class SharpOperationsParser
{
    /// <summary><paramref name="edits"/> with the operation <paramref name="name"/> added, or null when it is not one of these.</summary>
    public static ImageEdits? TryApply(ImageEdits edits, string name, JsonElement value)
    {
        var ops = edits.Operations ?? SharpOperations.None;
        SharpOperations? updated = name switch
        {
            "trim" => ops with { Trim = Trim(value) },
            "affine" => ops with { Affine = Affine(value) },
            "extend" => ops with { Extend = Extend(value) },
            "median" => ops with { Median = value.ValueKind is JsonValueKind.Null or JsonValueKind.True ? 3 : Integer(value, "median", 1, 1000) },
            "threshold" => ops with { Threshold = Threshold(value) },
            "convolve" => ops with { Convolve = Convolve(value) },
            "recomb" => ops with { Recomb = Recomb(value) },
            "modulate" => ops with { Modulate = Modulate(value) },
            "gamma" => ops with { Gamma = value.ValueKind is JsonValueKind.Null or JsonValueKind.True ? 2.2 : Range(value, "gamma", 1, 3) },
            "linear" => ops with { Linear = Number(value, "linear", "a must be a number (Serverless Image Handler passes sharp one argument)") },
            "clahe" => ops with { Clahe = Clahe(value) },
            "removeAlpha" => ops with { RemoveAlpha = true }, // sharp's removeAlpha() takes no argument: any value removes it
            "ensureAlpha" => ops with { EnsureAlpha = value.ValueKind is JsonValueKind.Null or JsonValueKind.True ? 1 : Range(value, "ensureAlpha", 0, 1) },
            "extractChannel" => ops with { ExtractChannel = Channel(value) },
            "toColourspace" or "toColorspace" => ops with { BlackAndWhite = Colourspace(value, name) },
            _ => null,
        };
        if (updated is null) return name is "negate" or "normalise" or "normalize" ? Options(edits, name, value) : null;
        var rotateFirst = edits.RotateFirst || (name == "trim" && RotationExpected(edits));
        return edits with { Operations = updated, RotateFirst = rotateFirst };
    }

    /// <summary>sharp's isRotationExpected: a rotate by an angle that is not a whole turn (flip and flop do not count).</summary>
    public static bool RotationExpected(ImageEdits edits) => edits.Rotate is { } angle && angle % 360 != 0;

    /// <summary>A resize's position: sharp's gravity (north, ...), position (top, right top, ...) or strategy (entropy, attention).</summary>
    public static ResizePosition Position(JsonElement value)
    {
        if (JsonNumbers.TryGet(value, out var number) && number is >= 0 and <= 8 && number == Math.Floor(number))
            return (ResizePosition)(int)number;
        if (number is 16 or 17) return number == 16 ? ResizePosition.Entropy : ResizePosition.Attention;
        return (value.ValueKind == JsonValueKind.String ? value.GetString() : null) switch
        {
            "centre" or "center" => ResizePosition.Centre,
            "north" or "top" => ResizePosition.North,
            "east" or "right" => ResizePosition.East,
            "south" or "bottom" => ResizePosition.South,
            "west" or "left" => ResizePosition.West,
            "northeast" or "right top" => ResizePosition.NorthEast,
            "southeast" or "right bottom" => ResizePosition.SouthEast,
            "southwest" or "left bottom" => ResizePosition.SouthWest,
            "northwest" or "left top" => ResizePosition.NorthWest,
            "entropy" => ResizePosition.Entropy,
            "attention" => ResizePosition.Attention,
            _ => throw ImageErrors.BadResize($"position {value.GetRawText()} is not a gravity (centre, north, ..., northwest), a position (top, right top, ...) or a strategy (entropy, attention)"),
        };
    }

    private static ImageEdits Options(ImageEdits edits, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) return edits;
        var ops = edits.Operations ?? SharpOperations.None;
        if (name == "negate")
        {
            if (!value.TryGetProperty("alpha", out var alpha)) return edits;
            if (alpha.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw ImageErrors.BadEdit("negate", "alpha must be true or false");
            return edits with { Operations = ops with { NegateKeepsAlpha = alpha.ValueKind == JsonValueKind.False } };
        }
        var lower = value.TryGetProperty("lower", out var l) ? Integer(l, name, 0, 99, "lower") : ops.NormaliseLower;
        var upper = value.TryGetProperty("upper", out var u) ? Integer(u, name, 1, 100, "upper") : ops.NormaliseUpper;
        if (lower >= upper) throw ImageErrors.BadEdit(name, $"lower ({lower}) must be less than upper ({upper})");
        return edits with { Operations = ops with { NormaliseLower = lower, NormaliseUpper = upper } };
    }

    private static TrimEdit Trim(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.True: return new TrimEdit();
            case JsonValueKind.Number: return new TrimEdit(Range(value, "trim", 0, 255, "threshold"));
            case JsonValueKind.String: return new TrimEdit(10, ColorParser.Parse(value, "trim"));
            case JsonValueKind.Object:
                var threshold = value.TryGetProperty("threshold", out var t) && t.ValueKind != JsonValueKind.Null ? Range(t, "trim", 0, 255, "threshold") : 10;
                var background = value.TryGetProperty("background", out var b) && b.ValueKind != JsonValueKind.Null ? ColorParser.Parse(b, "trim") : (RgbaColor?)null;
                return new TrimEdit(threshold, background);
            default: throw ImageErrors.BadEdit("trim", "it must be a threshold, a background colour or {threshold, background}");
        }
    }

    private static double[] Affine(JsonElement value)
    {
        const string shape = "it must be a 1x4 or 2x2 array of numbers";
        if (value.ValueKind != JsonValueKind.Array) throw ImageErrors.BadEdit("affine", shape);
        var items = value.EnumerateArray().ToArray();
        var flat = items.Length == 2 && items.All(r => r.ValueKind == JsonValueKind.Array && r.GetArrayLength() == 2)
            ? items.SelectMany(r => r.EnumerateArray()).ToArray()
            : items.Length == 4 ? items : throw ImageErrors.BadEdit("affine", shape);
        var matrix = flat.Select(v => v.ValueKind == JsonValueKind.Number && JsonNumbers.TryGet(v, out var n) ? n : throw ImageErrors.BadEdit("affine", shape)).ToArray();
        if (Math.Abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) < 1e-6) throw ImageErrors.BadEdit("affine", "the matrix must be invertible");
        if (matrix.Any(m => Math.Abs(m) > 100)) throw ImageErrors.BadEdit("affine", "each value must be between -100 and 100");
        return matrix;
    }

    private static ExtendEdit Extend(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            var all = Integer(value, "extend", 1, 10_000);
            return new ExtendEdit(all, all, all, all, RgbaColor.Black);
        }
        int Side(string name) => value.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? Integer(v, "extend", 0, 10_000, name) : 0;
        var background = value.TryGetProperty("background", out var b) && b.ValueKind != JsonValueKind.Null ? ColorParser.Parse(b, "extend") : RgbaColor.Black;
        var with = ExtendWith.Background;
        if (value.TryGetProperty("extendWith", out var w) && w.ValueKind != JsonValueKind.Null
            && !(w.ValueKind == JsonValueKind.String && Enum.TryParse(w.GetString(), ignoreCase: true, out with) && Enum.IsDefined(with)))
            throw ImageErrors.BadEdit("extend", "extendWith must be one of background, copy, repeat, mirror");
        return new ExtendEdit(Side("top"), Side("bottom"), Side("left"), Side("right"), background, with);
    }

    private static ThresholdEdit? Threshold(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.True => new ThresholdEdit(128),
        JsonValueKind.False => null,
        _ => Integer(value, "threshold", 0, 255) is var t and > 0 ? new ThresholdEdit(t) : null,
    };

    private static ConvolveEdit Convolve(JsonElement value)
    {
        const string shape = "it must be {width, height, kernel} with width and height 3 to 1001 and width x height kernel numbers";
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("kernel", out var k) || k.ValueKind != JsonValueKind.Array)
            throw ImageErrors.BadEdit("convolve", shape);
        var width = value.TryGetProperty("width", out var w) ? Integer(w, "convolve", 3, 1001, "width") : throw ImageErrors.BadEdit("convolve", shape);
        var height = value.TryGetProperty("height", out var h) ? Integer(h, "convolve", 3, 1001, "height") : throw ImageErrors.BadEdit("convolve", shape);
        if (k.GetArrayLength() != width * height) throw ImageErrors.BadEdit("convolve", shape);
        var kernel = k.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && JsonNumbers.TryGet(v, out var n) ? n : throw ImageErrors.BadEdit("convolve", shape)).ToArray();
        // sharp: scale defaults to the kernel's sum, at least 1; offset to 0 (both only taken when integers)
        var scale = value.TryGetProperty("scale", out var s) && IsInteger(s, out var sv) ? sv : kernel.Sum();
        var offset = value.TryGetProperty("offset", out var o) && IsInteger(o, out var ov) ? ov : 0;
        return new ConvolveEdit(width, height, kernel, Math.Max(1, scale), offset);
    }

    private static double[] Recomb(JsonElement value)
    {
        const string shape = "it must be a 3x3 array of numbers";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 3) throw ImageErrors.BadEdit("recomb", shape);
        return value.EnumerateArray()
            .SelectMany(row => row.ValueKind == JsonValueKind.Array && row.GetArrayLength() == 3 ? row.EnumerateArray() : throw ImageErrors.BadEdit("recomb", shape))
            .Select(v => v.ValueKind == JsonValueKind.Number && JsonNumbers.TryGet(v, out var n) && Math.Abs(n) <= 1000 ? n : throw ImageErrors.BadEdit("recomb", shape))
            .ToArray();
    }

    private static ModulateEdit Modulate(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw ImageErrors.BadEdit("modulate", "it must be {brightness, saturation, hue, lightness}");
        double Part(string name, double fallback, double min) =>
            value.TryGetProperty(name, out var v) ? Range(v, "modulate", min, 1e6, name) : fallback;
        var hue = value.TryGetProperty("hue", out var h) ? Integer(h, "modulate", int.MinValue, int.MaxValue, "hue") % 360 : 0;
        return new ModulateEdit(Part("brightness", 1, 0), Part("saturation", 1, 0), hue, Part("lightness", 0, -1e6));
    }

    private static ClaheEdit Clahe(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw ImageErrors.BadEdit("clahe", "it must be {width, height, maxSlope}");
        int Part(string name, int min, int max) => value.TryGetProperty(name, out var v) ? Integer(v, "clahe", min, max, name) : throw ImageErrors.BadEdit("clahe", $"{name} is required");
        var maxSlope = value.TryGetProperty("maxSlope", out var m) ? Integer(m, "clahe", 0, 100, "maxSlope") : 3;
        return new ClaheEdit(Part("width", 1, 10_000), Part("height", 1, 10_000), maxSlope);
    }

    private static int Channel(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch
        {
            "red" => 0, "green" => 1, "blue" => 2, "alpha" => 3,
            _ => throw ImageErrors.BadEdit("extractChannel", "it must be 0-3 or one of red, green, blue, alpha"),
        }
        : Integer(value, "extractChannel", 0, 3);

    private static bool Colourspace(JsonElement value, string name) =>
        (value.ValueKind == JsonValueKind.String ? value.GetString() : null) switch
        {
            "b-w" => true,
            "srgb" or "rgb" => false,
            var other => throw ImageErrors.BadEdit(name, $"'{other}' is not supported; use b-w or srgb"),
        };

    private static bool IsInteger(JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && JsonNumbers.TryGet(value, out number) && number == Math.Floor(number);
    }

    private static int Integer(JsonElement value, string edit, int min, int max, string? part = null)
    {
        if (!JsonNumbers.TryGet(value, out var number) || number != Math.Floor(number) || number < min || number > max)
            throw ImageErrors.BadEdit(edit, $"{part ?? "it"} must be an integer from {min} to {max}");
        return (int)number;
    }

    private static double Range(JsonElement value, string edit, double min, double max, string? part = null) =>
        JsonNumbers.TryGet(value, out var number) && number >= min && number <= max
            ? number
            : throw ImageErrors.BadEdit(edit, $"{part ?? "it"} must be a number from {min} to {max}");

    private static double Number(JsonElement value, string edit, string problem) =>
        JsonNumbers.TryGet(value, out var number) && Math.Abs(number) <= 1e6 ? number : throw ImageErrors.BadEdit(edit, problem);
}
