using System.Text.Json;

namespace Portal.Features.Analytics.Athena;

/// <summary>An Athena JSON 1.1 request: the operation from <c>X-Amz-Target: AmazonAthena.&lt;Op&gt;</c> and the JSON body.</summary>
public sealed record AthenaRequest(string Operation, JsonElement Body)
{
    public const string TargetPrefix = "AmazonAthena.";

    /// <summary>Far more than the largest valid request (a 262,144-character query).</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    public AthenaFields Fields() => new(Body);

    public static async Task<AthenaRequest> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        string target = request.Headers["X-Amz-Target"].ToString();
        if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal) || target.Length == TargetPrefix.Length)
            throw AthenaError.UnknownOperation(target);
        var body = await ReadBodyAsync(request, ct);
        if (body.Length == 0) return new AthenaRequest(target[TargetPrefix.Length..], JsonDocument.Parse("{}").RootElement);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 }).RootElement;
        }
        catch (JsonException e)
        {
            throw AthenaError.Serialization($"The request body is not valid JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object) throw AthenaError.Serialization($"The request body must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}.");
        if (!HasOnlyValidText(root)) throw AthenaError.Serialization("The request body has a string that is not valid Unicode (a lone surrogate escape).");
        return new AthenaRequest(target[TargetPrefix.Length..], root);
    }

    /// <summary>JSON may escape half a surrogate pair (<c>"\ud800"</c>), which no string can hold; find them before any member is read.</summary>
    private static bool HasOnlyValidText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: element.GetString(); return true;
                case JsonValueKind.Array: return element.EnumerateArray().All(HasOnlyValidText);
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                        if (property.Name is null || !HasOnlyValidText(property.Value)) return false;
                    return true;
                default: return true;
            }
        }
        catch (InvalidOperationException) { return false; }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static AthenaError TooLarge() => AthenaError.InvalidRequest($"The request body is larger than {MaxBodyBytes} bytes.");
}
