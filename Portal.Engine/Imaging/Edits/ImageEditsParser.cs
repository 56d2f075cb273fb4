using System.Text.Json;
using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Edits;

/// <summary>
/// Reads Serverless Image Handler's "edits" JSON object into <see cref="ImageEdits"/>. Unknown edits are
/// ignored, as there; known edits with wrong values are refused with a 400 naming the edit. The order of the keys
/// matters as it does to sharp: an extract after a resize crops the resized image, a rotate before them turns first.
/// </summary>
public static class ImageEditsParser
{
    public static ImageEdits Parse(JsonElement edits)
    {
        if (edits.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return ImageEdits.None;
        if (edits.ValueKind != JsonValueKind.Object) throw ImageErrors.BadEdit("edits", "it must be a JSON object");
        var result = ImageEdits.None;
        var seenResize = false;
        foreach (var edit in edits.EnumerateObject())
        {
            var value = edit.Value;
            switch (edit.Name)
            {
                case "resize":
                    result = result with { Resize = ParseResize(value) };
                    seenResize = result.Resize is not null;
                    // sharp: a resize after a rotate turns the image first
                    if (seenResize && SharpOperationsParser.RotationExpected(result)) result = result with { RotateFirst = true };
                    break;
                case "extract" or "crop": // Serverless Image Handler's crop is sharp's extract, in the same place in the order
                    result = result with
                    {
                        Extract = ParseCrop(value, edit.Name), ExtractAfterResize = seenResize,
                        RotateFirst = result.RotateFirst || (!seenResize && SharpOperationsParser.RotationExpected(result)),
                    };
                    break;
                case "rotate":
                    result = value.ValueKind == JsonValueKind.Null
                        ? result with { Rotate = null, StripMetadata = true }
                        : result with { Rotate = Number(value, "rotate") };
                    break;
                case "flip": result = result with { Flip = Flag(value, "flip") }; break;
                case "flop": result = result with { Flop = Flag(value, "flop") }; break;
                case "grayscale" or "greyscale": result = result with { Grayscale = Flag(value, edit.Name) }; break;
                case "normalize" or "normalise": result = SharpOperationsParser.TryApply(result with { Normalize = Flag(value, edit.Name) }, edit.Name, value)!; break;
                case "negate": result = SharpOperationsParser.TryApply(result with { Negate = Flag(value, "negate") }, "negate", value)!; break;
                case "blur": result = result with { Blur = Sigma(value, "blur", 0.3, 1000, whenTrue: 1) }; break;
                case "sharpen": result = result with { Sharpen = Sigma(value, "sharpen", 0.3, 10, whenTrue: 1) }; break;
                case "tint": result = result with { Tint = ColorParser.Parse(value, "tint") }; break;
                case "flatten":
                    result = result with { Flatten = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("background", out var background)
                        ? ColorParser.Parse(background, "flatten") : Flag(value, "flatten") ? RgbaColor.Black : null };
                    break;
                case "toFormat":
                    result = result with { ToFormat = OutputFormat(value) };
                    break;
                case "jpeg": result = result with { JpegQuality = Quality(value, "jpeg") }; break;
                case "png": result = result with { PngQuality = Quality(value, "png"), PngColours = PaletteColours(value) }; break;
                case "webp": result = result with { WebpQuality = Quality(value, "webp") }; break;
                case "gif": result = result with { Gif = GifOptions.Parse(value) }; break;
                case "tiff": result = result with { TiffQuality = Quality(value, "tiff") }; break;
                case "avif": result = result with { AvifQuality = Quality(value, "avif") }; break;
                case "heif": result = result with { HeifQuality = Quality(value, "heif") }; break;
                case "animated":
                    result = result with
                    {
                        Animated = value.ValueKind switch
                        {
                            JsonValueKind.True => true,
                            JsonValueKind.False => false,
                            JsonValueKind.Null => null,
                            _ => throw ImageErrors.BadEdit("animated", "it must be true or false"),
                        },
                    };
                    break;
                case "overlayWith": result = result with { Overlay = ParseOverlay(value) }; break;
                case "roundCrop": result = result with { RoundCrop = ParseRoundCrop(value) }; break;
                case "smartCrop" or "contentModeration":
                    // SIH runs them when the value is truthy; false or null asks for nothing.
                    if (value.ValueKind is not (JsonValueKind.False or JsonValueKind.Null)) throw ImageErrors.DetectorUnavailable(edit.Name);
                    break;
                default:
                    // sharp's other operations.
                    result = SharpOperationsParser.TryApply(result, edit.Name, value) ?? result;
                    break;
            }
        }
        return result;
    }

    /// <summary>A requested output format; formats the engine cannot write are refused, naming them.</summary>
    public static ImageFormat OutputFormat(JsonElement value)
    {
        var name = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return ImageFormats.Parse(name) ?? throw ImageFormats.Unsupported(name);
    }

    /// <summary>
    /// sharp's png(): <c>palette: true</c> is 256 colours, <c>colours</c>/<c>colors</c> (2-256) that many; null when neither is given
    /// (a quality alone also makes a palette: see ImageRequest.PalettePng).
    /// </summary>
    private static int? PaletteColours(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) return null;
        foreach (var name in new[] { "colours", "colors" })
        {
            if (!value.TryGetProperty(name, out var colours) || colours.ValueKind == JsonValueKind.Null) continue;
            var number = Number(colours, "png");
            return number is >= 2 and <= 256 ? (int)Math.Round(number) : throw ImageErrors.BadEdit("png", $"{name} must be 2 to 256");
        }
        return value.TryGetProperty("palette", out var palette) && palette.ValueKind == JsonValueKind.True ? 256 : null;
    }

    private static ResizeEdit? ParseResize(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw ImageErrors.BadResize("it must be an object {width,height,fit,...}");
        int? Dimension(string name)
        {
            if (!value.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (!JsonNumbers.TryGet(v, out var number)) throw ImageErrors.BadResize($"{name} must be a number");
            var rounded = Math.Round(number);
            if (rounded <= 0) throw ImageErrors.InvalidSize();
            return rounded > 1_000_000 ? throw ImageErrors.BadResize($"{name} is too large") : (int)rounded;
        }
        var fit = ResizeFit.Cover;
        if (value.TryGetProperty("fit", out var fitValue) && fitValue.ValueKind != JsonValueKind.Null)
        {
            if (fitValue.ValueKind != JsonValueKind.String || !Enum.TryParse(fitValue.GetString(), ignoreCase: true, out fit) || !Enum.IsDefined(fit)
                || char.IsDigit(fitValue.GetString()![0]))
                throw ImageErrors.BadResize($"fit '{fitValue}' is not one of cover, contain, fill, inside, outside");
        }
        RgbaColor? background = value.TryGetProperty("background", out var b) && b.ValueKind != JsonValueKind.Null ? ColorParser.Parse(b, "resize") : null;
        var withoutEnlargement = value.TryGetProperty("withoutEnlargement", out var w) && w.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw ImageErrors.BadResize("withoutEnlargement must be true or false"),
        };
        double? ratio = null;
        if (value.TryGetProperty("ratio", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (!JsonNumbers.TryGet(r, out var rv) || rv <= 0 || rv > 100) throw ImageErrors.BadResize("ratio must be a number more than 0 and at most 100");
            ratio = rv;
        }
        var position = value.TryGetProperty("position", out var p) && p.ValueKind != JsonValueKind.Null ? SharpOperationsParser.Position(p) : ResizePosition.Centre;
        var width = Dimension("width");
        var height = Dimension("height");
        return width is null && height is null && ratio is null ? null : new ResizeEdit(width, height, fit, background, withoutEnlargement, ratio, position);
    }

    private static CropEdit ParseCrop(JsonElement value, string edit)
    {
        if (value.ValueKind != JsonValueKind.Object) throw ImageErrors.CropOutOfBounds();
        int Part(string name)
        {
            // A missing or unreadable field is what sharp's extract refuses, and Serverless Image Handler answers that refusal so.
            if (!value.TryGetProperty(name, out var v) || !JsonNumbers.TryGet(v, out var number)) throw ImageErrors.CropOutOfBounds();
            if (number < 0 || number > int.MaxValue) throw ImageErrors.CropOutOfBounds();
            return (int)Math.Round(number);
        }
        var crop = new CropEdit(Part("left"), Part("top"), Part("width"), Part("height"));
        return crop.Width < 1 || crop.Height < 1 ? throw ImageErrors.CropOutOfBounds() : crop;
    }

    private static OverlayEdit? ParseOverlay(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw ImageErrors.BadEdit("overlayWith", "it must be an object {key,alpha,wRatio,hRatio,options}");
        var key = value.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (string.IsNullOrWhiteSpace(key)) throw ImageErrors.BadEdit("overlayWith", "key is required");
        double? Percent(string name)
        {
            if (!value.TryGetProperty(name, out var v) || v.ValueKind is JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && v.GetString() == "")) return null;
            if (!JsonNumbers.TryGet(v, out var number) || number < 0 || number > 100) throw ImageErrors.BadEdit("overlayWith", $"{name} must be 0 to 100");
            return number;
        }
        string? Position(string name) =>
            value.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var p)
                ? p.ValueKind switch
                {
                    JsonValueKind.Number => p.GetRawText(),
                    JsonValueKind.String => p.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw ImageErrors.BadEdit("overlayWith", $"{name} must be pixels or percent like '25p'"),
                }
                : null;
        var bucket = value.TryGetProperty("bucket", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        var left = Position("left");
        var top = Position("top");
        if (left is not null && OverlayPosition.TryParse(left) is null) throw ImageErrors.BadEdit("overlayWith", $"left '{left}' must be pixels or percent like '25p'");
        if (top is not null && OverlayPosition.TryParse(top) is null) throw ImageErrors.BadEdit("overlayWith", $"top '{top}' must be pixels or percent like '25p'");
        return new OverlayEdit(key, bucket, Percent("alpha") ?? 0, Percent("wRatio"), Percent("hRatio"), left, top);
    }

    private static RoundCropEdit? ParseRoundCrop(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.True) return new RoundCropEdit();
        if (value.ValueKind != JsonValueKind.Object) return value.ValueKind == JsonValueKind.False ? null : throw ImageErrors.BadEdit("roundCrop", "it must be true or {rx,ry,top,left}");
        double? Part(string name)
        {
            if (!value.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (!JsonNumbers.TryGet(v, out var number)) throw ImageErrors.BadEdit("roundCrop", $"{name} must be a number");
            return number > 0 ? number : null; // SIH's validRoundCropParam: 0 and less mean the default
        }
        return new RoundCropEdit(Part("rx"), Part("ry"), Part("top"), Part("left"));
    }

    /// <summary>
    /// As sharp reads the flag Serverless Image Handler hands it (<c>is.bool(v) ? v : true</c>): only JSON <c>false</c> is off;
    /// true, the strings "true" and "false", numbers, null and objects all turn the edit on.
    /// </summary>
    private static bool Flag(JsonElement value, string edit) => value.ValueKind != JsonValueKind.False;

    private static double Number(JsonElement value, string edit) =>
        JsonNumbers.TryGet(value, out var number) ? number : throw ImageErrors.BadEdit(edit, "it must be a number");

    private static double? Sigma(JsonElement value, string edit, double min, double max, double whenTrue)
    {
        if (value.ValueKind is JsonValueKind.False or JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.True) return whenTrue;
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("sigma", out var sigma)) value = sigma;
        var number = Number(value, edit);
        return number >= min && number <= max ? number : throw ImageErrors.BadEdit(edit, $"sigma must be {min} to {max}");
    }

    private static int? Quality(JsonElement value, string edit)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("quality", out var quality)) return null;
        var number = Number(quality, edit);
        return number is >= 1 and <= 100 ? (int)Math.Round(number) : throw ImageErrors.BadEdit(edit, "quality must be 1 to 100");
    }
}
