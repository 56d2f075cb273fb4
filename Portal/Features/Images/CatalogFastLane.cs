using Microsoft.Net.Http.Headers;
using Portal.Composition;
using Portal.Composition.RateLimits;
using Portal.Composition.Security;
using Portal.Engine.Operations;
using Portal.Engine.Telemetry;

namespace Portal.Features.Images;

/// <summary>
/// Answers a repeat of a public catalog rendition (<c>GET</c>/<c>HEAD</c> on <c>/catalog-img</c>) from memory before the
/// rest of the pipeline (security headers middleware, authentication, routing, rate limiter, antiforgery), with the answer
/// the image handler gave (<see cref="CatalogAnswers"/>) and the headers the skipped middleware would have added. It answers
/// only while the photo's version is known (<see cref="CatalogSourceVersions"/>: looked up within
/// <c>Imaging:Handler:FastLaneSourceSeconds</c>, and no change notification for its item since); anything else, and any
/// request it is not sure about, goes on to the handler, which does everything as before.
/// </summary>
public sealed class CatalogFastLane(RequestDelegate next, CatalogAnswers answers, CatalogSourceVersions versions, CatalogFastLaneLimiter limiter)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!answers.Enabled || answers.KeyOf(context.Request) is not { } key || !answers.TryGet(key, out var answer)
            || !versions.TryGet(answer.SourceKey, out var version) || version != answer.SourceETag)
            return next(context);
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        var notModified = ifNoneMatch.Count > 0 && ImageHandler.IfNoneMatchIncludes(ifNoneMatch.ToString(), answer.ETag);
        if (ifNoneMatch.Count > 0 && !notModified) return next(context);

        var response = context.Response;
        CommonHeaders(response.Headers);
        if (limiter.Refusal(context) is { } wait)
        {
            ImagingMetrics.FastLaneRejected();
            return RateLimitRejection.WriteImageHandlerAsync(response, wait);
        }
        if (notModified)
        {
            foreach (var (name, value) in answer.NotModifiedHeaders) response.Headers[name] = value;
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        foreach (var (name, value) in answer.Headers) response.Headers[name] = value;
        response.ContentLength = answer.Content.Length;
        ImagingMetrics.CacheHit();
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(answer.Content, context.RequestAborted).AsTask();
    }

    /// <summary>What the middleware after this lane puts on every answer of this kind (<see cref="SecurityHeaders"/>, <see cref="InstanceHeader"/>).</summary>
    private static void CommonHeaders(IHeaderDictionary headers)
    {
        headers[InstanceHeader.Name] = InstanceIdentity.Id;
        SecurityHeaders.ApplyToResource(headers);
    }
}

public static class CatalogFastLaneComposition
{
    /// <summary>Right after the forwarded headers and HSTS (it needs the client's address and scheme), before routing and everything else.</summary>
    public static IApplicationBuilder UseCatalogFastLane(this IApplicationBuilder app) => app.UseMiddleware<CatalogFastLane>();
}
