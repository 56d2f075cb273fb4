using Portal.Components;
using Portal.Engine.Auditing;

namespace Portal.Features.Admin.Audit;

/// <summary>The filtered audit trail as a CSV download, for administrators; the export is itself audited.</summary>
public static class AuditExportEndpoint
{
    public const string Path = "/admin/audit/export";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ExportAsync).RequireAuthorization(AreaPolicies.Admin).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, AuditSearch search, AuditLog audit, TimeProvider clock)
    {
        var (filter, error) = AuditQueryString.Parse(context.Request.Query);
        if (filter is null) return TypedResults.Problem(title: "Bad filter", detail: error, statusCode: StatusCodes.Status400BadRequest);
        if (filter.RangeError is { } range) return TypedResults.Problem(title: "Bad filter", detail: range, statusCode: StatusCodes.Status400BadRequest);
        var who = context.User.Identity?.Name ?? "";
        // Recorded first, so the export's own entry is in what it downloads when the filter takes it in.
        await audit.RecordAsync(new AuditEvent(AuditSubjects.Export, "audit", "AuditExported", who, Detail: context.Request.QueryString.Value));
        var name = $"audit-{Formats.FileStamp(clock.GetUtcNow())}.csv";
        return TypedResults.Stream(stream => AuditCsv.WriteAsync(search.AllAsync(filter.ToFilter(), context.RequestAborted), stream, context.RequestAborted),
            "text/csv; charset=utf-8", name);
    }
}
