using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Engine.Imaging.Edits;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// A deterministic key for a rendition: the same source, edits, format and quality always give the same
/// key, whichever URL form asked for it; any difference gives another. 64 lowercase hex digits.
/// </summary>
public static class ImageCacheKey
{
    private const string Version = "v1";

    private static readonly JsonSerializerOptions Canonical = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static string For(ImageRequest request) =>
        For(request.Bucket, request.Key, request.Edits, request.OutputFormat?.ToString() ?? "source", request.Quality);

    public static string For(string? bucket, string key, ImageEdits edits, string format, int? quality)
    {
        var text = string.Join('\n', Version, bucket ?? "", key, format, quality?.ToString() ?? "", CanonicalEdits(edits));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The edits as compact JSON with properties in a fixed order and defaults left out.</summary>
    public static string CanonicalEdits(ImageEdits edits) => JsonSerializer.Serialize(edits, Canonical);

    /// <summary>Edits written by <see cref="CanonicalEdits"/>, read back; null when <paramref name="json"/> is not such edits.</summary>
    public static ImageEdits? ReadCanonicalEdits(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<ImageEdits>(json, Canonical);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
