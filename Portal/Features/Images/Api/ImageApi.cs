using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Composition;
using Portal.Composition.RateLimits;
using Portal.Engine.Images;
using Portal.Engine.Storage;

namespace Portal.Features.Images.Api;

/// <summary>
/// <c>/api/images</c>: customers' own tools upload, list, read and delete their images. Callers authenticate with a
/// personal access token (<c>Authorization: Bearer pat_…</c>, made on My images) or the signed-in session; another
/// user's image is simply not found. Uploads pass the same checks and limits as the My images page and answer
/// 202 Accepted at once: the image is processed afterwards, and its status says how far it got.
/// </summary>
public static class ImageApi
{
    public const string Prefix = "/api/images";

    /// <summary>Room for the multipart framing around a file of the largest allowed size.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static string UrlOf(Guid id) => $"{Prefix}/{id}";

    public static IEndpointRouteBuilder MapImageApi(this IEndpointRouteBuilder app)
    {
        var maxBody = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Portal.Engine.Imaging.ImagingOptions>>().Value.MaxInputBytes + MultipartOverhead;
        var api = app.MapGroup(Prefix).WithTags("Images")
            .RequireAuthorization(ImageApiComposition.Policy)
            .RequireRateLimiting(ImageApiComposition.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddEndpointFilter<SameOriginSessionFilter>()
            .RequireSessionAntiforgery()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("", UploadAsync)
            .RequireRateLimiting(PortalRateLimits.Uploads) // instead of the group's per-token limit: uploads have their own, lower one
            .DisableAntiforgery() // callers are tools with tokens; sessions are guarded by SameOriginSessionFilter and the SameSite cookie
            .WithMetadata(new RequestSizeLimitAttribute(maxBody))
            .WithFormOptions(multipartBodyLengthLimit: maxBody)
            .WithSummary("Upload an image (multipart/form-data, field \"file\"); 202 Accepted with its id, status and Location.")
            .WithDescription("The formats, size and pixel limits are those of the My images page (a 415 names the accepted formats). The answer comes at once, "
                + "with status Uploaded; the image is processed afterwards: poll its Location until the status is Ready (or Failed, with the reason).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("", ListAsync).WithSummary("The caller's images, newest first, a page at a time.")
            .WithDescription($"page starts at 1 (default 1); pageSize 1-{MaxPageSize} (default {DefaultPageSize}).");
        api.MapGet("/{id:guid}", GetAsync).WithSummary("One image: its status and, once Ready, its size and rendition URLs.");
        api.MapGet("/{id:guid}/original", OriginalAsync).WithSummary("The original as uploaded.")
            .WithDescription("An archived original (ObjectStore:Lifecycle) answers 503 with Retry-After while it is restored.")
            .Produces(StatusCodes.Status200OK, null, ImageTypes[0], ImageTypes[1..]).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{id:guid}/renditions/{renditionId:int}", RenditionAsync).WithSummary("A saved rendition of the image.")
            .Produces(StatusCodes.Status200OK, null, ImageTypes[0], ImageTypes[1..]).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/thumbnail", (Guid id, ImageLibrary library, CustomerImageSpaces spaces, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
                StandardAsync(id, i => i.ThumbnailKey, library, spaces, user, http, ct))
            .WithSummary("The standard WebP thumbnail (once Ready).").Produces(StatusCodes.Status200OK, null, "image/webp").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/web", (Guid id, ImageLibrary library, CustomerImageSpaces spaces, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
                StandardAsync(id, i => i.WebKey, library, spaces, user, http, ct))
            .WithSummary("The standard web-size WebP rendition (once Ready).").Produces(StatusCodes.Status200OK, null, "image/webp").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/retry", RetryAsync).WithSummary("Process a Failed image again; 202 Accepted, Uploaded again.");
        api.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete the image with all its renditions.");
        return app;
    }

    public const int DefaultPageSize = 20, MaxPageSize = 100;

    private static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"];

    private static async Task<Results<Accepted<ImageResponse>, ProblemHttpResult>> UploadAsync(
        IFormFile? file, ImageLibrary library, ClaimsPrincipal user, CancellationToken ct)
    {
        if (file is null)
            return Problem(StatusCodes.Status400BadRequest, "No file", "Send the image as multipart/form-data in a field named \"file\".");
        var max = library.MaxUploadBytes;
        if (file.Length > max)
            return Problem(StatusCodes.Status413PayloadTooLarge, "File too large", $"The file is {ImageView.Bytes(file.Length)}; the limit is {ImageView.Bytes(max)}.");
        await using var content = file.OpenReadStream();
        var result = await library.UploadAsync(OwnerOf(user), file.FileName, content, ct);
        if (result.Image is not { } image)
        {
            var status = result.RefusalStatus ?? StatusCodes.Status400BadRequest;
            return Problem(status, status switch
            {
                StatusCodes.Status413PayloadTooLarge => "Image too large",
                StatusCodes.Status415UnsupportedMediaType => "Not an image the portal takes",
                >= 500 => "The image could not be checked now",
                _ => "Not a readable image",
            }, result.Error ?? "The image was refused.");
        }
        return TypedResults.Accepted(UrlOf(image.Id), ImageResponse.From(image));
    }

    private static async Task<Results<Ok<ImagePageResponse>, ValidationProblem>> ListAsync(
        ImageLibrary library, ClaimsPrincipal user, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1) errors["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"pageSize is 1 to {MaxPageSize}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (number, size) = (page ?? 1, pageSize ?? DefaultPageSize);
        var (images, total) = await library.PageAsync(OwnerOf(user), number - 1, size, ct);
        var next = (long)number * size < total ? $"{Prefix}?page={number + 1}&pageSize={size}" : null;
        return TypedResults.Ok(new ImagePageResponse(images.Select(ImageResponse.From).ToList(), number, size, total, next));
    }

    private static async Task<Results<Ok<ImageResponse>, ProblemHttpResult>> GetAsync(Guid id, ImageLibrary library, ClaimsPrincipal user, CancellationToken ct) =>
        await library.FindAsync(OwnerOf(user), id, ct) is { } image ? TypedResults.Ok(ImageResponse.From(image)) : NotFound(id);

    private static async Task<Results<Accepted<ImageResponse>, ProblemHttpResult>> RetryAsync(Guid id, ImageLibrary library, ClaimsPrincipal user, CancellationToken ct)
    {
        var image = await library.FindAsync(OwnerOf(user), id, ct);
        if (image is null) return NotFound(id);
        if (image.Status != ImageStatus.Failed)
            return Problem(StatusCodes.Status409Conflict, "Not failed", $"Image {id} is {image.Status}; only a Failed image is processed again.");
        if (!await library.RetryAsync(OwnerOf(user), id, ct))
        {
            // Moved (or deleted) between the read and the conditional update: answer with what it is now.
            var now = await library.FindAsync(OwnerOf(user), id, ct);
            return now is null ? NotFound(id)
                : Problem(StatusCodes.Status409Conflict, "Not failed", $"Image {id} is {now.Status}; only a Failed image is processed again.");
        }
        return TypedResults.Accepted(UrlOf(id), ImageResponse.From((await library.FindAsync(OwnerOf(user), id, ct))!));
    }

    private static async Task<IResult> StandardAsync(Guid id, Func<ImageAsset, string?> keyOf, ImageLibrary library, CustomerImageSpaces spaces,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var image = await library.FindAsync(OwnerOf(user), id, ct);
        if (image is null) return NotFound(id);
        return image.Status == ImageStatus.Ready && keyOf(image) is { } key
            ? await StreamAsync(spaces, OwnerOf(user), key, "image/webp", null, http, ct) ?? NotFound(id)
            : Problem(StatusCodes.Status404NotFound, "Not ready", $"Image {id} is {image.Status}; its standard renditions exist once it is Ready.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ImageLibrary library, ClaimsPrincipal user, CancellationToken ct) =>
        await library.DeleteAsync(OwnerOf(user), id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<IResult> OriginalAsync(Guid id, ImageLibrary library, CustomerImageSpaces spaces, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        await library.FindAsync(OwnerOf(user), id, ct) is { } image
            ? await StreamAsync(spaces, OwnerOf(user), image.OriginalKey, image.ContentType, image.FileName, http, ct) ?? NotFound(id)
            : NotFound(id);

    private static async Task<IResult> RenditionAsync(Guid id, int renditionId, ImageLibrary library, CustomerImageSpaces spaces, ClaimsPrincipal user,
        HttpContext http, CancellationToken ct)
    {
        var rendition = (await library.FindAsync(OwnerOf(user), id, ct))?.Renditions.FirstOrDefault(r => r.Id == renditionId);
        return rendition is null
            ? Problem(StatusCodes.Status404NotFound, "Not found", $"Image {id} has no rendition {renditionId}.")
            : await StreamAsync(spaces, OwnerOf(user), rendition.Key, rendition.ContentType, null, http, ct) ?? NotFound(id);
    }

    private static async Task<IResult?> StreamAsync(CustomerImageSpaces spaces, string owner, string key, string contentType, string? fileName,
        HttpContext http, CancellationToken ct)
    {
        StoredObject? stored;
        try
        {
            stored = await spaces.For(owner).GetAsync(key, ct);
        }
        catch (ObjectArchivedException e)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Being restored",
                $"This file is archived; a restore has started and it can be downloaded in about {ObjectArchivedException.Describe(e.RetryAfter)}.");
        }
        if (stored is null) return null;
        http.Response.RegisterForDisposeAsync(stored);
        return TypedResults.Stream(stored.Content, contentType, fileName);
    }

    private static string OwnerOf(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static ProblemHttpResult NotFound(Guid id) =>
        Problem(StatusCodes.Status404NotFound, "Not found", $"You have no image {id}.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
