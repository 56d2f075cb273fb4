using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Composition.AwsSigV4;
using Portal.Composition.RateLimits;

namespace Portal.Features.Analytics.Athena;

/// <summary>
/// <c>POST /aws/athena</c>: Amazon Athena's JSON 1.1 protocol, so analysts' boto3, AWS CLI or SDK code runs unchanged
/// with only <c>endpoint_url</c> pointed here. Parse the request, run the operation as the signed-in analyst, write
/// the answer or Athena's error shape. Requests are SigV4-signed with the analyst's portal access key.
/// </summary>
public static class AthenaApi
{
    public const string Path = "/aws/athena";
    private const string ContentType = "application/x-amz-json-1.1";

    public static IEndpointRouteBuilder MapAthenaApi(this IEndpointRouteBuilder app)
    {
        // Routing matches "/aws/athena/" too (boto3 sends the endpoint's path as given). Unsigned, wrongly signed,
        // expired or revoked requests never get here: the SigV4 handler answers them with AWS's errors.
        app.MapPost(Path, HandleAsync).ExcludeFromDescription().DisableAntiforgery().RequireAwsSigV4("athena").RequireRateLimiting(PortalRateLimits.Athena);
        // Athena's protocol is POST only; other methods get its error shape rather than an empty 405.
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch],
                (HttpContext http) => WriteErrorAsync(http.Response, new AthenaError("UnknownOperationException",
                    $"{http.Request.Method} is not an Athena operation: send POST {Path} with X-Amz-Target: AmazonAthena.<Operation>.", StatusCodes.Status405MethodNotAllowed)))
            .ExcludeFromDescription().DisableAntiforgery().AllowAnonymous().RequireRateLimiting(PortalRateLimits.Athena);
        return app;
    }

    private static async Task HandleAsync(HttpContext http, AthenaOperations operations, ILoggerFactory logs)
    {
        var ct = http.RequestAborted;
        try
        {
            var caller = CallerOf(http.User);
            var request = await AthenaRequest.ReadAsync(http.Request, ct);
            await WriteAsync(http.Response, StatusCodes.Status200OK, await operations.InvokeAsync(request, caller, ct));
        }
        catch (AthenaError e)
        {
            await WriteErrorAsync(http.Response, e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e)
        {
            logs.CreateLogger(typeof(AthenaApi)).LogError(e, "Athena-compatible request failed.");
            await WriteErrorAsync(http.Response, new AthenaError("InternalServerException", "The portal could not answer; try again.", StatusCodes.Status500InternalServerError));
        }
    }

    private static AthenaCaller CallerOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id
            && user.FindFirstValue(AwsSigV4AuthenticationHandler.AccessKeyIdClaim) is { Length: > 0 } keyId
            ? new AthenaCaller(id, keyId)
            : throw new AthenaError("MissingAuthenticationTokenException", "Missing Authentication Token", StatusCodes.Status403Forbidden);

    public static Task WriteErrorAsync(HttpResponse response, AthenaError error)
    {
        response.Headers["x-amzn-ErrorType"] = error.Type;
        var body = new JsonObject { ["__type"] = error.Type, ["message"] = error.Message };
        if (error.AthenaErrorCode is not null) body["AthenaErrorCode"] = error.AthenaErrorCode;
        return WriteAsync(response, error.Status, body);
    }

    private static async Task WriteAsync(HttpResponse response, int status, JsonObject body)
    {
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await response.WriteAsync(body.ToJsonString(JsonOptions), response.HttpContext.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
