using Portal.Engine.Auditing;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Composition;
using Portal.Composition.RateLimits;
using Portal.Engine.Analytics.Query;
using Portal.Features.Analytics.Access;

namespace Portal.Features.Analytics.Api;

/// <summary>
/// <c>POST /api/analytics/query</c>: scripts (R, Python, curl) run one read-only SQL query over the lake and get JSON,
/// CSV or an Arrow stream back, as their Accept header asks. Callers are a signed-in Analyst or Admin, or send their
/// access key as <c>Authorization: Bearer ACCESS_KEY_ID:SECRET</c>.
/// </summary>
public static class AnalyticsQueryApi
{
    public static IEndpointRouteBuilder MapAnalyticsQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization(AnalyticsAccessComposition.ApiPolicy)
            .RequireSessionAntiforgery();
        api.MapPost("/query", QueryAsync).RequireRateLimiting(PortalRateLimits.AnalyticsQueries)
            .WithSummary("Run one read-only SQL query (Athena/Trino dialect) over the analytics lake.")
            .WithDescription("Body: {\"sql\": \"SELECT ...\", \"maxRows\": 1000} (maxRows optional; it can only lower the configured limit). "
                + "Accept: application/json (default; columns with Athena type names, rows as arrays), text/csv (header row), or "
                + "application/vnd.apache.arrow.stream (an Arrow IPC stream with typed columns). CSV and Arrow answers say in the "
                + "X-Query-Truncated header whether the row limit cut the result. Errors are problem+json: 400 for SQL the engine refuses "
                + "(with its position when known) and for queries over the time limit, 406 for an Accept it cannot answer, 503 while the "
                + "dataset is not exported yet. Authenticate by signing in or with 'Authorization: Bearer ACCESS_KEY_ID:SECRET'.")
            .Accepts<AnalyticsQueryRequest>("application/json")
            .Produces<AnalyticsQueryResponse>(StatusCodes.Status200OK, QueryResultFormats.Json)
            .Produces<string>(StatusCodes.Status200OK, QueryResultFormats.Csv)
            .Produces<byte[]>(StatusCodes.Status200OK, QueryResultFormats.Arrow)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<JsonQueryResult, CsvQueryResult, ArrowQueryResult, ValidationProblem, ProblemHttpResult>> QueryAsync(
        AnalyticsQueryRequest request, HttpContext http, CancellationToken ct)
    {
        // Checked before the query runs: an answer nobody can read is not worth computing.
        if (QueryResultFormats.Negotiate(http.Request.Headers.Accept.ToString()) is not { } format)
            return TypedResults.Problem(title: "Not acceptable",
                detail: $"The query API answers {QueryResultFormats.Json}, {QueryResultFormats.Csv} or {QueryResultFormats.Arrow}; the Accept header allows none of them.",
                statusCode: StatusCodes.Status406NotAcceptable);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Sql)) errors["sql"] = ["Send the query in 'sql', e.g. {\"sql\": \"SELECT count(*) FROM sales\"}."];
        if (request.MaxRows is < 1) errors["maxRows"] = ["maxRows is at least 1 (leave it out for the configured limit)."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        // Resolved only for a valid request: the engine (and the lake behind it) has nothing to say about bad input.
        var engine = http.RequestServices.GetRequiredService<IAnalyticsQueryEngine>();
        var audit = http.RequestServices.GetRequiredService<AuditQueue>();
        var who = http.User.Identity?.Name ?? "";
        QueryResult result;
        try
        {
            result = await engine.RunAsync(new AnalyticsQuery(request.Sql!, request.MaxRows), ct);
        }
        catch (AnalyticsQueryException refused)
        {
            await audit.EnqueueAsync(new AuditEvent(AuditSubjects.Query, "api", "QueryRun", who, AuditOutcome.Failed, $"{request.Sql}\n-- {refused.Refusal}: {refused.Message}"), ct);
            return Refusal(refused);
        }
        await audit.EnqueueAsync(new AuditEvent(AuditSubjects.Query, "api", "QueryRun", who, Detail: request.Sql), ct);
        return format switch
        {
            QueryResultFormat.Csv => new CsvQueryResult(result),
            QueryResultFormat.Arrow => new ArrowQueryResult(result),
            _ => new JsonQueryResult(result, ResultJson),
        };
    }

    /// <summary>The web defaults, and a double that is NaN or infinite written as JSON strings ("NaN", "Infinity", "-Infinity"): JSON has no such numbers.</summary>
    internal static readonly System.Text.Json.JsonSerializerOptions ResultJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// The engine's refusal as a problem. A query over the time limit is a 400, not a 408: 408 says the client was slow
    /// to send its request, and clients retry it, which would only run the same too-slow query again.
    /// </summary>
    private static ProblemHttpResult Refusal(AnalyticsQueryException refused)
    {
        var extensions = new Dictionary<string, object?> { ["refusal"] = refused.Refusal.ToString() };
        if (refused.Position is { } position) extensions["position"] = position;
        var (status, title) = refused.Refusal switch
        {
            QueryRefusal.Unavailable => (StatusCodes.Status503ServiceUnavailable, "The analytics dataset is not available"),
            QueryRefusal.Timeout => (StatusCodes.Status400BadRequest, "The query ran over the time limit"),
            QueryRefusal.Cancelled => (StatusCodes.Status400BadRequest, "The query was cancelled"),
            _ => (StatusCodes.Status400BadRequest, "The query was refused"),
        };
        return TypedResults.Problem(title: title, detail: refused.Message, statusCode: status, extensions: extensions);
    }
}
