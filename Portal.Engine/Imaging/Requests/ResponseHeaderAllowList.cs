using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// The <c>headers</c> of a Default request: the response headers it may set. Serverless Image Handler's deny list
/// (HEADER_DENY_LIST in lib/constants.ts) is kept as it is; a denied header is left out, as there. Also left out, on purpose:
/// what the handler's own caching and the portal's session rely on (Set-Cookie, ETag, Vary, Last-Modified, Expires,
/// X-Image-Cache) and what would send the browser elsewhere (Location, Refresh). A header name that is not an HTTP token,
/// a value with control characters or a value that is not a string, number or boolean is refused.
/// </summary>
public static partial class ResponseHeaderAllowList
{
    private static readonly Regex[] Denied =
    [
        // Serverless Image Handler v6.3.3's list.
        Exact("authorization"), Exact("connection"), Exact("server"), Exact("transfer-encoding"), Exact("referrer-policy"),
        Exact("permissions-policy"), Exact("www-authenticate"), Exact("proxy-authenticate"), Exact("x-api-key"),
        Prefix("x-frame-"), Prefix("x-content-"), Prefix("x-xss-"), Prefix("strict-transport-"), Prefix("permissions-"),
        Prefix("x-amz-"), Prefix("x-amzn-"), Prefix("access-control-"), Prefix("cross-origin-"), Prefix("content-"),
        // The portal's additions.
        Exact("set-cookie"), Exact("etag"), Exact("vary"), Exact("last-modified"), Exact("expires"), Exact("x-image-cache"),
        Exact("location"), Exact("refresh"),
    ];

    public static bool IsAllowed(string name) => !Denied.Any(pattern => pattern.IsMatch(name));

    /// <summary>The headers to set, in the request's order; null when the request sets none.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Parse(JsonElement headers)
    {
        if (headers.ValueKind == JsonValueKind.Null) return null;
        if (headers.ValueKind != JsonValueKind.Object) throw Bad("'headers' must be an object of header names and values");
        var allowed = new List<KeyValuePair<string, string>>();
        foreach (var header in headers.EnumerateObject())
        {
            if (!Token().IsMatch(header.Name)) throw Bad($"'{header.Name}' is not a header name");
            var value = header.Value.ValueKind switch
            {
                JsonValueKind.String => header.Value.GetString()!,
                JsonValueKind.Number => header.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw Bad($"the value of header '{header.Name}' must be a string"),
            };
            if (value.Length > 1024 || value.Any(c => char.IsControl(c) && c != '\t') || value.Any(c => c > '\u00ff'))
                throw Bad($"the value of header '{header.Name}' must be at most 1024 printable Latin-1 characters");
            if (IsAllowed(header.Name)) allowed.Add(new(header.Name, value));
        }
        return allowed.Count == 0 ? null : allowed;
    }

    private static ImageRequestException Bad(string problem) =>
        new(400, ImageErrorCodes.CannotDecodeRequest, $"The image request's headers could not be used: {problem}.");

    private static Regex Exact(string name) => new($"^{Regex.Escape(name)}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static Regex Prefix(string prefix) => new($"^{Regex.Escape(prefix)}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$")]
    private static partial Regex Token();
}
