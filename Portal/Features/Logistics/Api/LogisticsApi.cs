using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Composition;
using Portal.Engine.Logistics;
using Portal.Engine.Ordering;

namespace Portal.Features.Logistics.Api;

/// <summary>
/// <c>/api/logistics</c>: the logistics team's own tools read orders with weights and record
/// shipments and completions. Callers authenticate with an API key (or a session cookie, or a
/// bearer token when OIDC is configured), need the Logistics or Admin role, and are rate limited per key.
/// </summary>
public static class LogisticsApi
{
    public static IEndpointRouteBuilder MapLogisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/logistics").WithTags("Logistics")
            .RequireAuthorization(LogisticsComposition.ApiPolicy)
            .RequireRateLimiting(LogisticsComposition.RateLimitPolicy)
            .RequireSessionAntiforgery();

        api.MapGet("/orders", ListAsync).WithSummary("Orders by status and placed-date range, with lines, weights, totals and shipping address.")
            .WithDescription("status: comma-separated (default Paid). from: placed at or after (UTC). to: placed before (UTC); a date without a time includes that whole day. "
                + "page starts at 1 (default 1); page=0 is deprecated: it still means the first page and the answer carries a Deprecation header. pageSize 1-" + LogisticsOrderQuery.MaxPageSize + ".");
        api.MapGet("/orders/{id:int}", GetAsync).WithSummary("One order.");
        api.MapPost("/orders/{id:int}/shipment", ShipAsync).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Record that a paid order was shipped. Send an Idempotency-Key header to retry safely.");
        api.MapPost("/orders/{id:int}/completion", CompleteAsync).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Record that a shipped order was delivered. Send an Idempotency-Key header to retry safely.");
        return app;
    }

    private static async Task<Results<Ok<LogisticsOrderPageResponse>, ValidationProblem>> ListAsync(
        LogisticsService logistics, HttpContext http, string? status, DateTime? from, DateTime? to, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var statuses = ParseStatuses(status, errors);
        var placedFrom = ToUtc(from);
        // A date without a time names the whole day, as the shipping desk's date filters do: to=2026-11-15 includes the 15th
        // (and to=9999-12-31 leaves the range open at the top: that day has no next one).
        var dateOnlyTo = IsDateOnly(http.Request.Query["to"]);
        var placedTo = to is { } day && dateOnlyTo ? PlacedDateRange.EndOf(day) : ToUtc(to);
        if (placedFrom is { } f && placedTo is { } t && f >= t)
            errors["to"] = ["'to' must be after 'from' (a date without a time includes that whole day)."];
        if (page is < 0) errors["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > LogisticsOrderQuery.MaxPageSize) errors["pageSize"] = [$"pageSize is 1 to {LogisticsOrderQuery.MaxPageSize}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (page == 0) DeprecatedPageZero(http.Response);

        var result = await logistics.QueryAsync(new LogisticsOrderQuery
        {
            Statuses = statuses, PlacedFrom = placedFrom, PlacedTo = placedTo, Page = Math.Max((page ?? 1) - 1, 0), PageSize = pageSize ?? 50,
        }, ct);
        return TypedResults.Ok(new LogisticsOrderPageResponse(
            result.Orders.Select(LogisticsOrderResponse.From).ToList(), result.Total, result.TotalWeightGrams, result.Page + 1, result.PageSize));
    }

    /// <summary>Pages counted from 0 (the first API version) still work, with a deprecation notice (RFC 9745 and a Warning).</summary>
    private static void DeprecatedPageZero(HttpResponse response)
    {
        response.Headers["Deprecation"] = "@" + PageZeroDeprecatedSince.ToUnixTimeSeconds();
        response.Headers.Warning = "299 - \"page=0 is deprecated: pages start at 1 (page=0 is read as page=1)\"";
    }

    /// <summary>When pages began to count from 1.</summary>
    public static readonly DateTimeOffset PageZeroDeprecatedSince = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<Results<Ok<LogisticsOrderResponse>, ProblemHttpResult>> GetAsync(int id, LogisticsService logistics, CancellationToken ct) =>
        await logistics.FindAsync(id, ct) is { } order
            ? TypedResults.Ok(LogisticsOrderResponse.From(order))
            : TypedResults.Problem(title: "Not found", detail: $"There is no order {id}.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<LogisticsOrderResponse>, ValidationProblem, ProblemHttpResult>> ShipAsync(
        int id, ShipmentRequest shipment, LogisticsService logistics, ClaimsPrincipal user, CancellationToken ct) =>
        ToResponse(await logistics.ShipAsync(id, shipment.Carrier, shipment.TrackingNumber, user.Identity?.Name ?? "api", ct));

    private static async Task<Results<Ok<LogisticsOrderResponse>, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        int id, LogisticsService logistics, ClaimsPrincipal user, CancellationToken ct) =>
        ToResponse(await logistics.CompleteAsync(id, user.Identity?.Name ?? "api", ct));

    private static Results<Ok<LogisticsOrderResponse>, ValidationProblem, ProblemHttpResult> ToResponse(ShipmentResult result) => result.Outcome switch
    {
        ShipmentOutcome.Ok => TypedResults.Ok(LogisticsOrderResponse.From(result.Order!)),
        ShipmentOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!, detail: result.Message),
        ShipmentOutcome.NotFound => TypedResults.Problem(title: "Not found", detail: result.Message, statusCode: StatusCodes.Status404NotFound),
        _ => TypedResults.Problem(title: "Not allowed in the order's current status", detail: result.Message, statusCode: StatusCodes.Status409Conflict),
    };

    private static List<OrderStatus> ParseStatuses(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return [OrderStatus.Paid];
        var statuses = new List<OrderStatus>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<OrderStatus>(part, ignoreCase: true, out var status) && Enum.IsDefined(status)) statuses.Add(status);
            else errors["status"] = [$"'{part}' is not a status; use {string.Join(", ", Enum.GetNames<OrderStatus>())} (comma-separated)."];
        }
        return statuses;
    }

    private static bool IsDateOnly(string? text) => text is { Length: > 0 } && !text.Contains('T') && !text.Contains(':');

    private static DateTime? ToUtc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Utc } v => v,
        { Kind: DateTimeKind.Local } v => v.ToUniversalTime(),
        { } v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
    };
}
