using System.Text;

namespace Portal.Tests.Features.Images;

/// <summary>
/// The table the request fuzz tests feed both image endpoints: every edit (Serverless Image Handler's sharp allow-list
/// and its own edits) and every field inside the structured ones, each given every JSON type and extreme numbers, plus
/// invalid Unicode in keys and names; Thumbor paths with every filter SIH's mapper knows given the same extremes.
/// </summary>
public static class ImageRequestFuzzCases
{
    public const string Key = "fuzz/photo.jpg";
    public const string OverlayKey = "fuzz/logo.png";

    /// <summary>JSON values: every type, numbers at the edges of double and int, strings that look like numbers and booleans.</summary>
    public static readonly string[] Values =
    [
        "0", "-0", "1", "-1", "0.4", "-0.4", "1e308", "-1e308", "1e-308", "2147483648", "-2147483649", "9007199254740993",
        "true", "false", "null", "\"\"", "\"true\"", "\"false\"", "\"0\"", "\"-5\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
        "\"1e400\"", "\"abc\"", "\"" + new string('x', 1500) + "\"", "[]", "[1,2,3]", "[[[]]]", "{}", "{\"a\":{\"b\":{\"c\":[1]}}}",
        "\"\\ud800\"", "\"\\udc00x\"", "{\"\\ud800\":1}", "\"#zzz\"", "\"red\"", "\"25p\"", "\"-100p\"",
    ];

    /// <summary>Every edit name SIH passes on (its sharp allow-list and its own edits).</summary>
    public static readonly string[] Edits =
    [
        "resize", "extract", "crop", "rotate", "flip", "flop", "grayscale", "greyscale", "normalize", "normalise", "negate",
        "blur", "sharpen", "tint", "flatten", "unflatten", "toFormat", "jpeg", "png", "webp", "gif", "avif", "tiff", "heif",
        "overlayWith", "roundCrop", "smartCrop", "contentModeration", "animated", "convolve", "median", "modulate", "extend",
        "threshold", "toColourspace", "toColorspace", "pipelineColourspace", "removeAlpha", "ensureAlpha", "extractChannel",
        "joinChannel", "bandbool", "boolean", "linear", "gamma", "recomb", "clahe", "affine", "trim",
    ];

    /// <summary>Structured edits with a valid base; each field in turn is replaced by every value.</summary>
    public static readonly (string Edit, string Base, string[] Fields)[] Structured =
    [
        ("resize", "{\"width\":20,\"height\":20}", ["width", "height", "fit", "background", "withoutEnlargement", "withoutReduction", "ratio", "position"]),
        ("extract", "{\"left\":1,\"top\":1,\"width\":10,\"height\":10}", ["left", "top", "width", "height"]),
        ("crop", "{\"left\":1,\"top\":1,\"width\":10,\"height\":10}", ["left", "top", "width", "height"]),
        ("overlayWith", $"{{\"key\":\"{OverlayKey}\",\"alpha\":10,\"wRatio\":50,\"hRatio\":50,\"options\":{{\"left\":1,\"top\":1}}}}", ["key", "bucket", "alpha", "wRatio", "hRatio", "options"]),
        ("roundCrop", "{\"rx\":5,\"ry\":5,\"top\":10,\"left\":10}", ["rx", "ry", "top", "left"]),
        ("flatten", "{\"background\":\"#ff0000\"}", ["background"]),
        ("tint", "{\"r\":10,\"g\":10,\"b\":10}", ["r", "g", "b", "alpha"]),
        ("blur", "{\"sigma\":2}", ["sigma"]),
        ("jpeg", "{\"quality\":50}", ["quality"]),
        ("webp", "{\"quality\":50}", ["quality"]),
        ("modulate", "{\"brightness\":1}", ["brightness", "saturation", "hue", "lightness"]),
        ("extend", "{\"top\":1,\"bottom\":1,\"left\":1,\"right\":1}", ["top", "bottom", "left", "right", "background", "extendWith"]),
        ("convolve", "{\"width\":3,\"height\":3,\"kernel\":[0,0,0,0,1,0,0,0,0]}", ["width", "height", "kernel", "scale", "offset"]),
    ];

    /// <summary>Every request document: each edit and each structured field given each value; top-level fields too.</summary>
    public static IEnumerable<string> DefaultRequests()
    {
        foreach (var edit in Edits)
            foreach (var value in Values)
                yield return $"{{\"key\":\"{Key}\",\"edits\":{{\"{edit}\":{value}}}}}";
        foreach (var (edit, body, fields) in Structured)
            foreach (var field in fields)
                foreach (var value in Values)
                    yield return $"{{\"key\":\"{Key}\",\"edits\":{{\"{edit}\":{With(body, field, value)}}}}}";
        foreach (var field in new[] { "key", "bucket", "edits", "outputFormat", "headers", "effort" })
            foreach (var value in Values)
                yield return $"{{\"key\":\"{Key}\",\"{field}\":{value}}}".Replace($"{{\"key\":\"{Key}\",\"key\":", "{\"key\":");
        foreach (var value in Values)
            yield return $"{{\"key\":\"{Key}\",\"headers\":{{\"Cache-Control\":{value},\"X-Fuzz\":{value}}}}}";
        // Names with invalid UTF-16, and an edit for each value inside resize's and overlay's nested objects.
        yield return $"{{\"key\":\"{Key}\",\"edits\":{{\"\\ud800\":true,\"resize\":{{\"\\udfff\":1,\"width\":5}}}}}}";
        yield return $"{{\"key\":\"{Key}\",\"headers\":{{\"\\ud800\":\"x\"}}}}";
        yield return $"{{\"key\":\"fuzz/\\ud800.jpg\"}}";
        yield return "{\"key\":\"\\udc00\"}";
        yield return $"{{\"key\":\"{Key}\",\"headers\":{{\"X-Evil\":\"a\\r\\nSet-Cookie: x=1\"}}}}";
    }

    /// <summary>Base64 of raw bytes that are not UTF-8 (a lone 0xFF inside the key).</summary>
    public static IEnumerable<string> InvalidUtf8Requests()
    {
        byte[] Bytes(string before, byte[] bad, string after) => [.. Encoding.ASCII.GetBytes(before), .. bad, .. Encoding.ASCII.GetBytes(after)];
        yield return Convert.ToBase64String(Bytes("{\"key\":\"fuzz/", [0xFF, 0xFE], ".jpg\"}"));
        yield return Convert.ToBase64String(Bytes("{\"key\":\"fuzz/photo.jpg\",\"edits\":{\"", [0xC0, 0x80], "\":true}}"));
        yield return Convert.ToBase64String(Bytes("{\"key\":\"fuzz/photo.jpg\",\"edits\":{\"resize\":{\"fit\":\"", [0xED, 0xA0, 0x80], "\"}}}"));
    }

    /// <summary>Filter arguments: empty, extremes, not numbers, lists, escapes.</summary>
    public static readonly string[] FilterArguments =
    [
        "", "0", "-1", "1", "0.0001", "1e308", "-1e308", "NaN", "Infinity", "abc", "1,2,3", "-1,-1,-1", "1e308,1e308,1e308",
        "0,0", ",,,,,,", "ff0000", "red", "zzz", "jpeg", "bmp", "tiff", "avif", "true", "false", "%ff", "%ed%a0%80",
        "1;2;3;4;5;6;7;8;9,3", "0;0,0", "1;2,-1", "x;y,z", new string('9', 400),
        "bucket,fuzz/logo.png,0,0,0,0,0", "bucket,fuzz/logo.png,-1e308,1e308,NaN,500,-5", ",,,,", $"bucket,{OverlayKey},100p,-100p,100,100,100",
        "bucket,fuzz/missing.png,0,0", "other,fuzz/logo.png,0,0",
    ];

    /// <summary>Every filter SIH's Thumbor mapper knows, with those that Thumbor itself names and SIH ignores.</summary>
    public static readonly string[] Filters =
    [
        "autojpg", "background_color", "blur", "convolution", "equalize", "fill", "format", "grayscale", "no_upscale",
        "proportion", "quality", "rgb", "rotate", "sharpen", "stretch", "strip_exif", "strip_icc", "upscale", "watermark",
        "animated", "brightness", "contrast", "round_corner", "focal", "max_bytes", "noise",
    ];

    /// <summary>
    /// Path segments before the key: sizes, crops, prefixes, extremes and flips. A bare ".." or "%2e%2e" is left out: the
    /// client (and Kestrel) resolve it before routing, so it never reaches an image endpoint.
    /// </summary>
    public static readonly string[] Segments =
    [
        "unsafe", "smart", "full-fit-in", "fit-in", "adaptive-fit-in", "trim", "0x0", "-0x-0", "1x1", "-1x-1", "999999x999999",
        "-999999x-999999", "0x999999", "999999x0", "-10x0", "0x-10", "0x0:0x0", "5x5:1x1", "0x0:999999x999999", "0x0:1x1",
        "60x40:64x48", "s3:someone-elses-bucket", "s3:", "filters:", "filters:blur(1", "filters:)(", "x", "-x-", "left", "top",
        "%ff", "...", "..%2f..", ".",
    ];

    public static IEnumerable<string> ThumborPaths()
    {
        foreach (var filter in Filters)
            foreach (var argument in FilterArguments)
                yield return $"fit-in/20x20/filters:{filter}({argument})/{Key}";
        foreach (var segment in Segments)
        {
            yield return $"{segment}/{Key}";
            yield return $"{segment}/filters:grayscale()/{Key}";
            yield return $"unsafe/{segment}/20x20/{Key}";
        }
        yield return $"filters:rotate(90):rotate(1e308):blur(0):proportion(1e308)/{Key}";
        yield return $"100x100/filters:proportion(1e-308)/{Key}";
        yield return $"100x100/filters:proportion(1e308)/{Key}";
        yield return $"filters:proportion(1e308)/{Key}";
        yield return $"fit-in/0x0/{Key}";
        yield return "fit-in/20x20/fuzz/photo";
        yield return "fit-in/20x20/fuzz/photo.bmp";
        yield return "fit-in/20x20/fuzz/%ed%a0%80.jpg";
        yield return "fit-in/20x20/fuzz/%ff.jpg";
        yield return $"s3:someone-elses-bucket/{Key}";
    }

    /// <summary>Query values: empty, extremes, parseInt's corners (hex, trailing text, exponents), flags, formats, escapes, dates.</summary>
    public static readonly string[] QueryValues =
    [
        "", "0", "-0", "1", "-1", "20", "0.4", "1e308", "-1e308", "1e3", "0x10", "0x", "100px", "  7", "NaN", "Infinity", "-Infinity",
        "abc", "true", "false", "FALSE", "jpg", "jpeg", "png", "webp", "bmp", "tiff", "avif", "cover", "contain", "fill", "inside",
        "outside", "sideways", "%ff", "%ed%a0%80", "%00", "a%0d%0ab", new string('9', 400), "19700101T000000Z", "20991231T235959Z",
        "20990230T000000Z",
    ];

    /// <summary>
    /// Requests in the successor's query form: each parameter (and expires, signature and one it does not know) given each value,
    /// on a bare key, over a Thumbor path and over a Default request; then parameters together at their extremes.
    /// </summary>
    public static IEnumerable<string> QueryRequests()
    {
        var defaultPath = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"key\":\"{Key}\",\"edits\":{{\"rotate\":90,\"resize\":{{\"width\":30}}}}}}"));
        string[] paths = [Key, $"fit-in/20x20/filters:rotate(90):quality(50)/{Key}", defaultPath];
        string[] names = ["width", "height", "fit", "format", "quality", "rotate", "flip", "flop", "grayscale", "greyscale", "expires", "signature", "unknown"];
        foreach (var path in paths)
            foreach (var name in names)
                foreach (var value in QueryValues)
                    yield return $"{path}?{name}={value}";
        foreach (var path in paths)
        {
            yield return $"{path}?width=1e308&height=1e308&fit=outside&rotate=1e308";
            yield return $"{path}?width=999999&height=1&fit=fill&rotate=45";
            yield return $"{path}?width=1&height=999999&fit=contain&flip=1&flop=1&grayscale=1&format=webp&quality=1";
            yield return $"{path}?rotate=-1e308&width=20&width=abc&width=30";
            yield return $"{path}?fit=inside&format=&quality=";
        }
    }

    private static string With(string body, string field, string value)
    {
        var marker = $"\"{field}\":";
        var start = body.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return body.Insert(1, $"{marker}{value},");
        var end = start + marker.Length;
        var depth = 0;
        while (end < body.Length && !(depth == 0 && (body[end] == ',' || body[end] == '}')))
        {
            if (body[end] is '{' or '[') depth++;
            else if (body[end] is '}' or ']') depth--;
            end++;
        }
        return body[..start] + marker + value + body[end..];
    }
}
