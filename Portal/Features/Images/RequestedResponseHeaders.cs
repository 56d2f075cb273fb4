using Microsoft.Net.Http.Headers;
using Portal.Engine.Imaging.Requests;

namespace Portal.Features.Images;

/// <summary>
/// Sets the response headers a Default request asked for (<see cref="ResponseHeaderAllowList"/>) on an image answer,
/// never on an error, as Serverless Image Handler does. One difference, on purpose: on a private endpoint (<c>/img</c>)
/// a request cannot set Cache-Control, so no URL can make a private image storable by shared caches. Nor can it where the
/// URL has an <c>expires</c>: the seconds left are the max-age, as the successor answers.
/// </summary>
internal static class RequestedResponseHeaders
{
    public static void Apply(HttpContext http, ImageRequest request, bool isPublic, bool expiring = false)
    {
        if (request.Headers is null) return;
        foreach (var (name, value) in request.Headers)
        {
            if ((!isPublic || expiring) && name.Equals(HeaderNames.CacheControl, StringComparison.OrdinalIgnoreCase)) continue;
            http.Response.Headers[name] = value;
        }
    }
}
