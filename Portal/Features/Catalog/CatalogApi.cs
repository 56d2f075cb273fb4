using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Components;
using Portal.Composition;
using Portal.Composition.RateLimits;
using Portal.Engine.Auditing;
using Portal.Engine.Catalog;
using Portal.Features.Images;

namespace Portal.Features.Catalog;

/// <summary>
/// <c>/api/catalog</c>: anyone may read active items; Sales (and Admin) create, update, archive,
/// restore, export and read the history. Errors are ProblemDetails; a stale version is 409 with the
/// current item under <c>current</c>.
/// </summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog").WithTags("Catalog");

        api.MapGet("/", ListActiveAsync).AllowAnonymous()
            .WithSummary("Active items, searchable and paged.");
        api.MapGet("/{id:int}", GetActiveAsync).AllowAnonymous()
            .WithSummary("One active item.");
        api.MapGet("/categories", (CatalogService catalog, CancellationToken ct) => catalog.OnSaleCategoriesAsync(ct)).AllowAnonymous()
            .WithSummary("The categories of the active items.");

        var sales = api.MapGroup("/").RequireAuthorization(AreaPolicies.Catalog).RequireSessionAntiforgery();
        sales.MapPost("/", CreateAsync).WithSummary("Create an item.");
        sales.MapPut("/{id:int}", UpdateAsync).WithSummary("Replace an item's values; send the version you read.");
        sales.MapDelete("/{id:int}", ArchiveAsync).WithSummary("Archive an item (it can be restored).");
        sales.MapPost("/{id:int}/restore", RestoreAsync).WithSummary("Restore an archived item.");
        // No Accepts(...) content-type filter: the file is judged by its content, so a wrong file is a 400 naming what it is.
        sales.MapPut("/{id:int}/photo", SetPhotoAsync).RequireRateLimiting(PortalRateLimits.Uploads)
            .WithSummary("Set or replace the item's photo: the body is the image bytes (JPEG, PNG, WebP or GIF); send ?version= to guard against a newer change.");
        sales.MapDelete("/{id:int}/photo", RemovePhotoAsync).WithSummary("Remove the item's photo.");
        sales.MapGet("/{id:int}/history", HistoryAsync).WithSummary("Who changed the item, when, and what.");
        sales.MapGet("/export", ExportAsync).WithSummary("The items matching a filter as CSV.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    private static async Task<Results<Ok<CatalogPageResponse>, ValidationProblem>> ListActiveAsync(
        CatalogService catalog, ImageUrlSigner signer, string? search, string? category, CatalogSort? sort, bool? desc, int? page, int? pageSize, CancellationToken ct)
    {
        if (QueryErrors(page, pageSize) is { } errors) return TypedResults.ValidationProblem(errors);
        var query = new CatalogQuery
        {
            Search = search, Category = category, Status = CatalogStatusFilter.Active, Sort = sort ?? CatalogSort.Name,
            Descending = desc ?? false, Page = page ?? 0, PageSize = pageSize ?? 25,
        };
        var result = await catalog.QueryAsync(query, ct);
        return TypedResults.Ok(new CatalogPageResponse(result.Items.Select(i => CatalogItemResponse.From(i, signer)).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static async Task<Results<Ok<CatalogItemResponse>, ProblemHttpResult>> GetActiveAsync(int id, CatalogService catalog, ImageUrlSigner signer, CancellationToken ct)
    {
        var item = await catalog.FindAsync(id, ct);
        return item is { IsActive: true, ArchivedAt: null }
            ? TypedResults.Ok(CatalogItemResponse.From(item, signer))
            : NotFound(id);
    }

    private static async Task<Results<Created<CatalogItemResponse>, ValidationProblem>> CreateAsync(
        CatalogItemRequest request, CatalogService catalog, ImageUrlSigner signer, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.MissingFields() is { Count: > 0 } missing)
            return TypedResults.ValidationProblem(missing, detail: MissingDetail("created", missing));
        var result = await catalog.CreateAsync(request.ToFields(), UserName(user), ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/catalog/{result.Item!.Id}", CatalogItemResponse.From(result.Item, signer))
            : TypedResults.ValidationProblem(result.Errors!, detail: "The item was not created: correct the fields listed in errors.");
    }

    private static async Task<Results<Ok<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, CatalogItemRequest request, CatalogService catalog, ImageUrlSigner signer, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Version is not { } version)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["Send the version of the item you read, so a newer change is never overwritten."] });
        if (request.MissingFields() is { Count: > 0 } missing)
            return TypedResults.ValidationProblem(missing, detail: MissingDetail("updated", missing));
        var result = await catalog.UpdateAsync(id, version, request.ToPatch(), UserName(user), ct);
        return ToResponse(result, id, "updated", signer);
    }

    private static async Task<Results<Ok<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> ArchiveAsync(
        int id, long? version, CatalogService catalog, ImageUrlSigner signer, ClaimsPrincipal user, CancellationToken ct) =>
        ToResponse(await catalog.ArchiveAsync(id, version, UserName(user), ct), id, "archived", signer);

    private static async Task<Results<Ok<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> RestoreAsync(
        int id, long? version, CatalogService catalog, ImageUrlSigner signer, ClaimsPrincipal user, CancellationToken ct) =>
        ToResponse(await catalog.RestoreAsync(id, version, UserName(user), ct), id, "restored", signer);

    private static async Task<Results<Ok<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> SetPhotoAsync(
        int id, long? version, HttpRequest request, CatalogService catalog, ImageUrlSigner signer, ClaimsPrincipal user, CancellationToken ct)
    {
        var fileName = request.Headers.ContentDisposition.ToString() is { Length: > 0 } disposition
                       && System.Net.Http.Headers.ContentDispositionHeaderValue.TryParse(disposition, out var parsed)
            ? parsed.FileNameStar ?? parsed.FileName?.Trim('"') ?? "photo"
            : "photo";
        return ToResponse(await catalog.SetPhotoAsync(id, version, request.Body, fileName, UserName(user), ct), id, "given the photo", signer);
    }

    private static async Task<Results<Ok<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> RemovePhotoAsync(
        int id, long? version, CatalogService catalog, ImageUrlSigner signer, ClaimsPrincipal user, CancellationToken ct) =>
        ToResponse(await catalog.RemovePhotoAsync(id, version, UserName(user), ct), id, "changed", signer);

    private static async Task<Results<Ok<List<AuditEntryResponse>>, ProblemHttpResult>> HistoryAsync(int id, CatalogService catalog, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is null) return NotFound(id);
        var history = await catalog.HistoryAsync(id, ct);
        return TypedResults.Ok(history.Select(e => new AuditEntryResponse(e.At, e.UserName, e.Action, AuditTrail.Changes(e))).ToList());
    }

    private static async Task<FileContentHttpResult> ExportAsync(
        CatalogService catalog, AuditLog audit, ClaimsPrincipal user, string? search, string? category, CatalogStatusFilter? status, CatalogSort? sort, bool? desc, CancellationToken ct)
    {
        var items = await catalog.ListAsync(new CatalogQuery
        {
            Search = search, Category = category, Status = status ?? CatalogStatusFilter.Current, Sort = sort ?? CatalogSort.Sku, Descending = desc ?? false,
        }, ct);
        var writer = new StringWriter();
        CatalogCsv.Write(items, writer);
        await audit.RecordAsync(new AuditEvent(AuditSubjects.Export, "catalog", "CatalogExported", user.Identity?.Name ?? "",
            Detail: $"{items.Count} items; search={search}, category={category}, status={status}"), CancellationToken.None);
        return TypedResults.File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv", $"catalog-{Formats.FileStamp(DateTime.UtcNow)}.csv");
    }

    private static Results<Ok<CatalogItemResponse>, ValidationProblem, ProblemHttpResult> ToResponse(CatalogResult result, int id, string verb, ImageUrlSigner signer) =>
        result.Outcome switch
        {
            CatalogOutcome.Ok => TypedResults.Ok(CatalogItemResponse.From(result.Item!, signer)),
            CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!, detail: $"The item was not {verb}: correct the fields listed in errors."),
            CatalogOutcome.Conflict => TypedResults.Problem(
                title: "The item was changed by someone else",
                detail: $"Item {id} is now at version {result.Item!.Version}; your change was not {verb}. Review the current values under 'current' and send your change again with that version.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["current"] = CatalogItemResponse.From(result.Item, signer) }),
            _ => NotFound(id),
        };

    private static string MissingDetail(string verb, Dictionary<string, string[]> missing) =>
        $"The item was not {verb}: the request lacks {string.Join(", ", missing.Keys)}. Send every field listed in errors.";

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(title: "Not found", detail: $"There is no catalog item {id}.", statusCode: StatusCodes.Status404NotFound);

    private static Dictionary<string, string[]>? QueryErrors(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 0) errors["page"] = ["page starts at 0."];
        if (pageSize is < 1 or > CatalogQuery.MaxPageSize) errors["pageSize"] = [$"pageSize is 1 to {CatalogQuery.MaxPageSize}."];
        return errors.Count > 0 ? errors : null;
    }

    private static string UserName(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
