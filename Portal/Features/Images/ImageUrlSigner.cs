using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Portal.Features.Images;

/// <summary>
/// Adds <c>?signature=</c> to the portal's own image URLs when <c>Imaging:Handler:SigningSecret</c> is set,
/// the same HMAC the handler checks (of the path after <c>/img</c> or <c>/catalog-img</c>, without the query); otherwise returns
/// them as they are.
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
        var query = url.IndexOf('?');
        var path = query < 0 ? url : url[..query];
        return $"{url}{(query < 0 ? '?' : '&')}signature={Signature(secret, path[prefix.Length..])}";
    }

    public string? SignOrNull(string? url) => url is null ? null : Sign(url);

    public static string Signature(string secret, string path) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(path)));
}
