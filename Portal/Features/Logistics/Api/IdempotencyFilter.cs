using Portal.Composition;
using Portal.Engine.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Portal.Engine.Logistics;

namespace Portal.Features.Logistics.Api;

/// <summary>
/// Makes a POST safe to retry: with an <c>Idempotency-Key</c> header, the first answer (success or
/// refusal) is stored and replayed for the same key and request; a different request under the same
/// key is refused (422). Without the header the request runs normally.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store, IOptions<JsonOptions> jsonOptions) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(HeaderName, out var values)) return await next(context);
        var key = values.ToString().Trim();
        if (key.Length is 0 or > 128 || ControlCharacters.In(key))
            return Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", "The Idempotency-Key header is 1 to 128 printable characters, e.g. a UUID.");

        var caller = http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is { } keyId
            ? $"key:{keyId}"
            : $"user:{http.User.FindFirstValue(ClaimTypes.NameIdentifier)}";
        var claim = await store.ClaimAsync(caller, key, RequestHash(context), http.RequestAborted);
        switch (claim.State)
        {
            case IdempotencyState.Mismatch:
                return Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request; use a new key for a new request.");
            case IdempotencyState.InProgress:
                return Problem(StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this Idempotency-Key is still being processed; retry in a moment.");
            case IdempotencyState.Replay:
                http.Response.Headers[ReplayedHeader] = "true";
                return new StoredResult(claim.Record!.StatusCode!.Value, claim.Record.ResponseBody ?? "", claim.Record.ResponseContentType);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await store.ReleaseAsync(claim.Record!.Id, CancellationToken.None);
            throw;
        }
        var outcome = result is INestedHttpResult nested ? nested.Result : result;
        var status = (outcome as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status >= 500)
        {
            await store.ReleaseAsync(claim.Record!.Id, CancellationToken.None);
            return result;
        }
        var value = (outcome as IValueHttpResult)?.Value;
        var contentType = (outcome as IContentTypeHttpResult)?.ContentType ?? "application/json";
        var body = value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), jsonOptions.Value.SerializerOptions);
        await store.CompleteAsync(claim.Record!.Id, status, body, contentType, CancellationToken.None);
        return result;
    }

    /// <summary>Same route and same arguments = same request.</summary>
    private static string RequestHash(EndpointFilterInvocationContext context)
    {
        var request = context.HttpContext.Request;
        var arguments = context.Arguments.Where(a => a is not null && a is not HttpContext && a.GetType().Namespace?.StartsWith("Portal.Features") == true);
        var text = request.Method + " " + request.Path + " " + JsonSerializer.Serialize(arguments.ToArray(), HashJson);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    private sealed class StoredResult(int status, string body, string? contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType ?? "application/json";
            return body.Length == 0 ? Task.CompletedTask : httpContext.Response.WriteAsync(body);
        }
    }
}
