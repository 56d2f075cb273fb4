using System.Net.Http.Headers;
using System.Text.Json;

namespace Portal.Features.Models.SageMaker;

/// <summary>What an invocation asks about: one encoded image, or product photos named by object key.</summary>
public sealed record InvocationRequest(byte[]? Image, IReadOnlyList<string>? Keys)
{
    public static readonly IReadOnlyList<string> ImageTypes = ["image/jpeg", "image/png", "image/webp"];
    public const string JsonType = "application/json";

    /// <summary>Reads and checks the body; every refusal is SageMaker's <c>ValidationError</c>.</summary>
    public static async Task<InvocationRequest> ReadAsync(HttpRequest request, long maxBytes, int maxKeys, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType?.ToLowerInvariant() : null;
        if (mediaType is null || !(ImageTypes.Contains(mediaType) || mediaType == JsonType))
            throw SageMakerError.Validation($"Content type '{request.ContentType}' is not supported: send {string.Join(", ", ImageTypes)} or {JsonType} (a list of object keys).");
        var body = await ReadBodyAsync(request, maxBytes, cancellationToken);
        if (body.Length == 0) throw SageMakerError.Validation("The request body is empty: send an image, or a JSON list of object keys.");
        return mediaType == JsonType ? new InvocationRequest(null, ParseKeys(body, maxKeys)) : new InvocationRequest(body, null);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static SageMakerError TooLarge(long maxBytes) =>
        SageMakerError.Validation($"The request body is larger than the limit of {maxBytes} bytes (Models:MaxInvocationBytes).");

    /// <summary><c>{"keys": ["products/..."]}</c> or <c>["products/..."]</c>.</summary>
    private static IReadOnlyList<string> ParseKeys(byte[] body, int maxKeys)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw SageMakerError.Validation($"The body is not valid JSON: {e.Message}");
        }
        var list = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array => keys,
            _ => throw SageMakerError.Validation("The JSON body must be {\"keys\": [\"products/...\"]} or a list of object keys."),
        };
        var result = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } key)
                throw SageMakerError.Validation("Every object key must be a non-empty string.");
            result.Add(key);
        }
        if (result.Count == 0) throw SageMakerError.Validation("The list of object keys is empty.");
        if (result.Count > maxKeys) throw SageMakerError.Validation($"At most {maxKeys} object keys per invocation (Models:MaxKeysPerInvocation), not {result.Count}.");
        return result;
    }
}
