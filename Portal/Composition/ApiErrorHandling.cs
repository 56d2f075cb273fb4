using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Composition;

/// <summary>
/// API callers always get <c>application/problem+json</c>: a body that cannot be read becomes a 400
/// whose detail says which field was wrong, and an unexpected failure a 500 without internals.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page; the feature keeps the original path.
        var path = context.Features.Get<IExceptionHandlerFeature>()?.Path ?? context.Request.Path.Value;
        if (path is null || !new PathString(path).StartsWithSegments("/api")) return false;
        var problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request could not be read",
                Detail = bad.InnerException is JsonException json
                    ? $"The JSON body is not valid at {json.Path ?? "its start"}: {FirstSentence(json.Message)}"
                    : bad.Message,
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong on our side", Detail = "The error was logged; please try again later." },
        };
        if (problem.Status == StatusCodes.Status500InternalServerError)
            logger.LogError(exception, "Unhandled error on {Path}", path);
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static string FirstSentence(string message) => message.Split(". Path:")[0].TrimEnd('.') + ".";
}

/// <summary>Paths that programs (not people in a browser tab) call: they get status codes, never HTML pages or redirects.</summary>
public static class MachinePaths
{
    private static readonly PathString[] Prefixes = ["/api", "/aws", "/health", "/img", "/catalog-img", "/openapi"];

    public static bool Match(PathString path) => Prefixes.Any(path.StartsWithSegments);
}

public static class ApiErrorHandlingComposition
{
    public static IServiceCollection AddApiErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status401Unauthorized => ApiKeyAuthenticationHandler.ProblemDetail(context.HttpContext)
                    ?? AnalystKeyAuthenticationHandler.ProblemDetail(context.HttpContext)
                    ?? "Send an API key in the X-Api-Key header (create one under Logistics > API keys in the portal), or sign in.",
                StatusCodes.Status403Forbidden => "Your account's role does not allow this endpoint.",
                StatusCodes.Status404NotFound => $"There is no endpoint {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}.",
                StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Path} does not accept {context.HttpContext.Request.Method}.",
                _ => null,
            };
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Unreadable bodies and parameters surface as BadHttpRequestException for the handler above.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            CreateScopeForErrors = true,
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        // API status codes without a body (404 of an unknown route, 405, ...) get a problem body;
        // pages get the not-found page; images and health checks answer for themselves.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        // Not inside a UseWhen branch: re-executing needs the app's own router, which a branch does not get (the
        // re-executed request then matched nothing and the not-found page came back empty). Machine paths opt out instead.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (MachinePaths.Match(context.Request.Path) && context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            return next(context);
        });
        return app;
    }
}
