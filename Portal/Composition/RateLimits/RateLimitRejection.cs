using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Composition.AwsSigV4;

namespace Portal.Composition.RateLimits;

/// <summary>
/// A refused request's answer: 429 with Retry-After in whole seconds, in the error shape the endpoint's clients read.
/// /aws/* answers as AWS's JSON protocols do (<c>ThrottlingException</c>, which the AWS SDKs retry after backing off);
/// the image handlers as Serverless Image Handler does (<c>{"status","code","message"}</c>); everything else problem+json.
/// </summary>
public static class RateLimitRejection
{
    public const string ImageHandlerCode = "TooManyRequests";

    public static async ValueTask WriteAsync(HttpContext context, int waitSeconds)
    {
        // Audit: a rate-limit rejection is a security event; it is recorded once the audit trail exists (a later merge).
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var response = context.Response;
        response.Headers.RetryAfter = waitSeconds.ToString(CultureInfo.InvariantCulture);
        if (policy is PortalRateLimits.Athena or PortalRateLimits.ModelInvocations)
        {
            await new AwsError(StatusCodes.Status429TooManyRequests, "ThrottlingException", $"Rate exceeded; retry after {waitSeconds} s.").WriteAsync(response);
            return;
        }
        if (policy is PortalRateLimits.Images)
        {
            await WriteImageHandlerAsync(response, waitSeconds);
            return;
        }
        await RetryAfterProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests, waitSeconds, "Too many requests", wait => DetailOf(policy, wait));
    }

    /// <summary>The image handlers' refusal (Serverless Image Handler's shape), also what the catalog image fast lane answers.</summary>
    public static Task WriteImageHandlerAsync(HttpResponse response, int waitSeconds)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = waitSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json";
        return response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = StatusCodes.Status429TooManyRequests,
            code = ImageHandlerCode,
            message = $"Too many image requests; retry after {waitSeconds} s.",
        }));
    }

    private static string DetailOf(string? policy, int wait) => policy switch
    {
        PortalRateLimits.SignIn => $"Too many sign-in attempts from this address; retry after {wait} s.",
        PortalRateLimits.Uploads => $"Too many uploads; retry after {wait} s.",
        PortalRateLimits.AnalyticsQueries => $"Too many analytics queries; retry after {wait} s.",
        "per-api-key" => $"This API key made more than its allowance of requests; retry after {wait} s.",
        null => $"Too many requests from this address; sign in or retry after {wait} s.",
        _ => $"Too many requests; retry after {wait} s.",
    };
}
