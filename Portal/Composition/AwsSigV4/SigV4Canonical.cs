using System.Security.Cryptography;
using System.Text;

namespace Portal.Composition.AwsSigV4;

/// <summary>
/// AWS Signature Version 4, the server's half: the canonical request, the string to sign, the signing key and the
/// signature, as AWS's documentation and its test suite define them (non-S3 rules: the path is normalized and encoded
/// once more, so a client's already-encoded path is encoded twice, as botocore and the AWS SDKs do).
/// </summary>
public static class SigV4Canonical
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";
    public const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// The canonical request. <paramref name="path"/> and <paramref name="query"/> are as sent on the wire (the raw
    /// request target, before any decoding); <paramref name="header"/> gives a header's values by lower-case name.
    /// </summary>
    public static string Request(string method, string path, string query, IReadOnlyList<string> signedHeaders,
        Func<string, IEnumerable<string>> header, string payloadHash)
    {
        var canonical = new StringBuilder();
        canonical.Append(method.ToUpperInvariant()).Append('\n');
        canonical.Append(Path(path)).Append('\n');
        canonical.Append(Query(query)).Append('\n');
        foreach (var name in signedHeaders)
            canonical.Append(name).Append(':').Append(string.Join(',', header(name).Select(HeaderValue))).Append('\n');
        canonical.Append('\n');
        canonical.Append(string.Join(';', signedHeaders)).Append('\n');
        canonical.Append(payloadHash);
        return canonical.ToString();
    }

    /// <summary>The string to sign: algorithm, time (<c>yyyyMMddTHHmmssZ</c>), scope and the canonical request's hash.</summary>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>The hex signature of <paramref name="stringToSign"/> with the key derived from the secret for that day, region and service.</summary>
    public static string Signature(string secret, string date, string region, string service, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, Terminator);
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>
    /// The canonical path: dot segments and empty segments removed (a trailing slash kept), then every byte but the
    /// unreserved characters and '/' percent-encoded.
    /// </summary>
    public static string Path(string path)
    {
        if (string.IsNullOrEmpty(path)) return "/";
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..") { if (segments.Count > 0) segments.RemoveAt(segments.Count - 1); continue; }
            segments.Add(segment);
        }
        var normalized = (path[0] == '/' ? "/" : "") + string.Join('/', segments) + (path[^1] == '/' && segments.Count > 0 ? "/" : "");
        return Encode(normalized, keepSlash: true);
    }

    /// <summary>The canonical query: each name and value decoded, encoded again (RFC 3986), sorted by name then value.</summary>
    public static string Query(string query)
    {
        query = query.TrimStart('?');
        if (query.Length == 0) return "";
        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=');
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name), false), Value: Encode(Uri.UnescapeDataString(value), false));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>A header value trimmed, with runs of spaces inside it made one.</summary>
    public static string HeaderValue(string value)
    {
        var trimmed = value.Trim();
        var result = new StringBuilder(trimmed.Length);
        var lastWasSpace = false;
        foreach (var c in trimmed)
        {
            var space = c is ' ' or '\t';
            if (space && lastWasSpace) continue;
            result.Append(space ? ' ' : c);
            lastWasSpace = space;
        }
        return result.ToString();
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Encode(string text, bool keepSlash)
    {
        var encoded = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/')) encoded.Append(c);
            else encoded.Append('%').Append(b.ToString("X2"));
        }
        return encoded.ToString();
    }
}
