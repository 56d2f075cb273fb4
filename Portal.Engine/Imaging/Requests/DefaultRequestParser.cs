using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Requests;

/// <summary>The Default form: one path segment, base64 of <c>{"bucket","key","edits","outputFormat"}</c>.</summary>
public static class DefaultRequestParser
{
    public const string CannotDecodeMessage =
        "The image request you provided could not be decoded. Please check that your request is base64 encoded properly and refer to the documentation for additional guidance.";

    /// <summary>
    /// Whether the path is a Default request: base64 of a multiple-of-4 length (as Serverless Image Handler's pattern),
    /// or unpadded/URL-safe base64 that decodes to a JSON object.
    /// </summary>
    public static bool IsDefaultRequest(string path)
    {
        if (path.Length < 4 || path.Length % 4 == 1) return false;
        var padding = path.EndsWith("==") ? 2 : path.EndsWith('=') ? 1 : 0;
        if (padding > 0 && path.Length % 4 != 0) return false;
        var urlSafe = false;
        for (var i = 0; i < path.Length - padding; i++)
        {
            var c = path[i];
            if (c is '-' or '_') urlSafe = true;
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/')) return false;
        }
        if (path.Length % 4 == 0 && !urlSafe) return true;
        return TryDecode(path) is { Length: > 0 } bytes && bytes.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..];
    }

    private static byte[]? TryDecode(string path)
    {
        var base64 = path.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <param name="queryEdits">The query parameters' edits (<see cref="QueryParamEdits"/>), spread over the request's.</param>
    public static (ImageRequest Request, ImageFormat? RequestedOutput) Parse(string path, JsonObject? queryEdits = null)
    {
        JsonDocument document;
        try
        {
            var json = Encoding.UTF8.GetString(TryDecode(path) ?? throw new FormatException("not base64"));
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            throw new ImageRequestException(400, ImageErrorCodes.CannotDecodeRequest, CannotDecodeMessage, e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !JsonTextCheck.IsValid(root))
                throw new ImageRequestException(400, ImageErrorCodes.CannotDecodeRequest, CannotDecodeMessage);
            var key = String(root, "key");
            if (string.IsNullOrWhiteSpace(key))
                throw new ImageRequestException(400, ImageErrorCodes.CannotDecodeRequest, "The image request must name the image: 'key' is missing.");
            var hasEdits = root.TryGetProperty("edits", out var e);
            // Edits that are not an object stay refused, with or without the query's.
            var edits = queryEdits is { Count: > 0 } && (!hasEdits || e.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
                ? ImageEditsParser.Parse(QueryParamEdits.OverDefault(e, queryEdits))
                : hasEdits ? ImageEditsParser.Parse(e) : ImageEdits.None;
            ImageFormat? outputFormat = root.TryGetProperty("outputFormat", out var o) && o.ValueKind != JsonValueKind.Null
                ? ImageEditsParser.OutputFormat(o) : null;
            var headers = root.TryGetProperty("headers", out var h) ? ResponseHeaderAllowList.Parse(h) : null;
            return (new ImageRequest(String(root, "bucket"), key, edits, null, null, ImageRequestKind.Default, headers), outputFormat);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
