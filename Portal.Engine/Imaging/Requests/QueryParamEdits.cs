using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Engine.Imaging.Edits;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// The successor's query-param-mapper.ts: the edit parameters become an "edits" object (format to toFormat; fit, width and
/// height to resize; rotate; flip; flop; grayscale/greyscale to greyscale) that is spread over the path's edits as
/// <c>{...pathEdits, ...queryEdits}</c>: a key the query sets replaces the path's whole value where it stands (a query
/// width replaces a Thumbor <c>WxH</c>'s whole resize), keys the path lacks come after its own. Values are read as
/// there: width and height "0" or "" are none, other numbers are JavaScript's parseInt; flags are off only for "0",
/// "false" and "". What the edit then refuses is refused as for the other forms.
/// </summary>
internal static class QueryParamEdits
{
    public static JsonObject ToJson(ImageQuery query)
    {
        var edits = new JsonObject();
        foreach (var (name, value) in query.Edits)
        {
            switch (name)
            {
                case "format": edits["toFormat"] = value; break;
                case "fit": Resize(edits)["fit"] = value; break;
                case "width" or "height": Resize(edits)[name] = value == "0" ? null : NullableInteger(value); break;
                case "rotate": edits["rotate"] = NullableInteger(value); break;
                case "flip" or "flop": edits[name] = Flag(value); break;
                case "grayscale" or "greyscale": edits["greyscale"] = Flag(value); break;
            }
        }
        return edits;
    }

    /// <summary>This handler's own <c>quality</c> (1-100, for whichever format is written); "" is none.</summary>
    public static int? Quality(ImageQuery query)
    {
        var value = query.Edits.FirstOrDefault(p => p.Key == "quality").Value;
        if (string.IsNullOrEmpty(value)) return null;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var quality) && quality is >= 1 and <= 100
            ? (int)Math.Round(quality)
            : throw ImageErrors.BadEdit("quality", "quality must be 1 to 100");
    }

    /// <summary>A Default request's edits object with the query's spread over it.</summary>
    public static JsonElement OverDefault(JsonElement pathEdits, JsonObject query)
    {
        var merged = pathEdits.ValueKind == JsonValueKind.Object ? JsonObject.Create(pathEdits)!.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in query) merged[key] = value?.DeepClone();
        return ParsableElement(merged);
    }

    /// <summary>
    /// A Thumbor (or custom) request's edits with the query's spread over them. Thumbor's edits object starts with crop and
    /// resize and ends with the filters' keys, so sharp's rotate-first order only arises when the query brings a resize the
    /// path lacked, after a rotate of the path's or its own (rotate sorts before width).
    /// </summary>
    public static ImageEdits OverThumbor(ImageEdits path, bool pathHasResize, bool pathHasRotate, JsonObject query)
    {
        var fromQuery = ImageEditsParser.Parse(ParsableElement(query));
        var keys = query.Select(p => p.Key).ToList();
        var merged = path;
        foreach (var key in keys)
        {
            merged = key switch
            {
                "toFormat" => merged with { ToFormat = fromQuery.ToFormat },
                "resize" => merged with { Resize = fromQuery.Resize },
                "rotate" => merged with { Rotate = fromQuery.Rotate },
                "flip" => merged with { Flip = fromQuery.Flip },
                "flop" => merged with { Flop = fromQuery.Flop },
                "greyscale" => merged with { Grayscale = fromQuery.Grayscale },
                _ => merged,
            };
        }
        var resizeAt = keys.IndexOf("resize");
        var rotateAt = keys.IndexOf("rotate");
        if (resizeAt >= 0 && !pathHasResize && merged.Resize is not null && (pathHasRotate || rotateAt is >= 0 && rotateAt < resizeAt)
            && SharpOperationsParser.RotationExpected(merged))
            merged = merged with { RotateFirst = true };
        return merged;
    }

    /// <summary>
    /// The object as the edits parser reads it. An empty toFormat is JavaScript-falsy, so the successor writes the source's
    /// format: the key is dropped rather than refused as an unknown format.
    /// </summary>
    private static JsonElement ParsableElement(JsonObject edits)
    {
        if (edits["toFormat"] is JsonValue format && format.TryGetValue<string>(out var name) && name.Length == 0)
        {
            edits = edits.DeepClone().AsObject();
            edits.Remove("toFormat");
        }
        return JsonSerializer.SerializeToElement(edits);
    }

    private static JsonObject Resize(JsonObject edits)
    {
        if (edits["resize"] is JsonObject resize) return resize;
        resize = new JsonObject();
        edits["resize"] = resize;
        return resize;
    }

    /// <summary>"" is null; otherwise parseInt's number, or its NaN/Infinity as text (which every edit refuses as not a number).</summary>
    private static JsonNode? NullableInteger(string value)
    {
        if (value.Length == 0) return null;
        var number = JavaScriptParseInt(value);
        return double.IsFinite(number) ? JsonValue.Create(number) : JsonValue.Create(number.ToString(CultureInfo.InvariantCulture));
    }

    private static bool Flag(string value) => value.ToLowerInvariant() is not ("0" or "false" or "");

    /// <summary>JavaScript's parseInt(text) without a radix: leading blanks, a sign, "0x" for hex, then as many digits as there are.</summary>
    internal static double JavaScriptParseInt(string text)
    {
        var rest = text.AsSpan().TrimStart();
        var sign = 1;
        if (rest.Length > 0 && rest[0] is '+' or '-')
        {
            if (rest[0] == '-') sign = -1;
            rest = rest[1..];
        }
        var radix = 10;
        if (rest.Length >= 2 && rest[0] == '0' && rest[1] is 'x' or 'X')
        {
            radix = 16;
            rest = rest[2..];
        }
        double result = 0;
        var digits = 0;
        foreach (var c in rest)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix) break;
            result = result * radix + digit;
            digits++;
        }
        return digits == 0 ? double.NaN : sign * result;
    }
}
