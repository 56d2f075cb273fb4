using Microsoft.AspNetCore.Identity;

namespace Portal.Features.Images.Api;

/// <summary>
/// A change (POST, PUT, PATCH, DELETE) made with the signed-in session must come from the portal's own pages: a browser
/// names the page's origin in <c>Origin</c>, and one from another site is refused with 403. The session cookie is
/// SameSite=Lax, so another site's form cannot send it anyway; this also covers a sibling site on the same domain. Tools
/// with a personal access token send no cookie and are not affected.
/// </summary>
public sealed class SameOriginSessionFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var bySession = context.HttpContext.User.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme;
        if (bySession && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused",
                detail: $"A change made with the portal's session must come from the portal's own pages, not from {origin}; tools send a personal access token instead."));
        }
        return next(context);
    }
}
