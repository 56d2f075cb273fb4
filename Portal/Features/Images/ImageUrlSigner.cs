using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Portal.Engine.Imaging.Requests;

namespace Portal.Features.Images;

/// <summary>
/// Adds <c>?signature=</c> to the portal's own image URLs when <c>Imaging:Handler:SigningSecret</c> is set, the same HMAC
/// the handler checks: of the path after <c>/img</c> or <c>/catalog-img</c> and the query parameters the handler reads
/// (<see cref="ImageQuery.StringToSign"/>; others such as <c>download</c> are not covered). Without a secret URLs are returned
/// as they are.
/// </summary>
public sealed class ImageUrlSigner(IOptions<ImageHandlerOptions> options)
{
    private static readonly string[] Prefixes = ["/catalog-img", "/img"];

    public string Sign(string url)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrEmpty(secret)) return url;
        var prefix = Prefixes.FirstOrDefault(p => url.StartsWith(p + "/", StringComparison.Ordinal))
                     ?? throw new ArgumentException($"'{url}' is not an image handler URL.", nameof(url));
        var queryStart = url.IndexOf('?');
        var path = queryStart < 0 ? url : url[..queryStart];
        // Read as the handler reads the request's query: decoded, the last value of a name given twice.
        var query = ImageQuery.From(QueryHelpers.ParseQuery(queryStart < 0 ? "" : url[queryStart..])
            .Select(p => KeyValuePair.Create(p.Key, p.Value.LastOrDefault())));
        var signature = Signature(secret, query.StringToSign(path[prefix.Length..]));
        return $"{url}{(queryStart < 0 ? '?' : '&')}signature={signature}";
    }

    public string? SignOrNull(string? url) => url is null ? null : Sign(url);

    public static string Signature(string secret, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
}
