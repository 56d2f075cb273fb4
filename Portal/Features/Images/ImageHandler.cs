using Portal.Engine.Telemetry;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Storage;

namespace Portal.Features.Images;

/// <summary>
/// Serves an image request in either Serverless Image Handler form, with its successor's query parameters (edits,
/// <c>expires</c>, signatures that cover them), from one owner's space. A rendition
/// is made once and kept in the owner's space under <c>cache/</c> (the CloudFront role in the design),
/// so a repeat is served without processing (and, while in <see cref="RenditionMemory"/>, without reading the store); <c>ETag</c>/<c>If-None-Match</c> make repeats from the same
/// browser a 304; a public catalog hit is also handed to <see cref="CatalogFastLane"/>, which answers its repeats before the pipeline. Errors, unexpected ones included, are Serverless Image Handler's JSON: <c>{"status","code","message"}</c>.
/// Processing draws on the work budget of the caller's class (<see cref="ImageCallerPolicy"/>): 413
/// <c>ImageProcessing::TooExpensive</c> over its cost limit, 503 <c>ImageProcessing::Busy</c> with <c>Retry-After</c> when no slot came free.
/// With <c>Imaging:Handler:Fallback</c> on, every error is answered by <see cref="FallbackImage"/> instead, with the same status.
/// </summary>
public sealed class ImageHandler(
    ImageRequestParser parser,
    CustomerImageRenderer renderer,
    RenditionCache cache,
    RenditionMemory memory,
    FallbackImage fallback,
    CatalogAnswers fastLaneAnswers,
    CatalogSourceVersions sourceVersions,
    IOptions<ImagingOptions> imaging,
    IOptions<ImageHandlerOptions> options,
    TimeProvider clock,
    ILogger<ImageHandler> logger)
{
    public const string CacheStatusHeader = "X-Image-Cache";

    /// <summary>The code of the 403 for a signed-in role that has no images of its own.</summary>
    public const string NotAnImageOwner = "AccessDenied";

    public async Task<IResult> HandleAsync(HttpContext http, string ownerId, string path, bool isPublic)
    {
        ImageRequest? request = null;
        long? secondsLeft = null;
        try
        {
            var query = ImageQuery.From(http.Request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value.LastOrDefault())));
            var signed = CheckSignature(http, query);
            secondsLeft = RequestExpiry.SecondsLeft(query.Expires, clock.GetUtcNow());
            // A download is the stored object (or the exact output the URL names), never re-encoded for the browser's Accept.
            var download = http.Request.Query.ContainsKey(ImageView.DownloadQuery);
            var autoWebp = imaging.Value.AutoWebp && !download;
            request = parser.Parse(path, autoWebp ? http.Request.Headers.Accept.ToString() : null, query);

            // The source is looked up first: nothing is answered (a 304, a cached rendition) for an image that no longer exists.
            var catalog = isPublic && ownerId == ImagesComposition.CatalogSpace;
            var stamp = sourceVersions.Stamp();
            var source = await renderer.FindSourceAsync(ownerId, request, http.RequestAborted);
            if (catalog) sourceVersions.Remember(request.Key, source.ETag, stamp); // what the fast lane trusts for a while
            var renditionKey = ImageCacheKey.For(request); // serialised and hashed once: the ETag and the cache key both use it
            var etag = ETag(renditionKey, source);
            SetCachingHeaders(http, isPublic, etag, autoWebp, secondsLeft);
            if (IfNoneMatchIncludes(http.Request.Headers.IfNoneMatch.ToString(), etag))
            {
                RequestedResponseHeaders.Apply(http, request, isPublic, secondsLeft is not null);
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            if (!memory.TryGet(ownerId, renditionKey, source.ETag, out var kept))
            {
                await using var cached = await cache.GetAsync(ownerId, request, renditionKey, http.RequestAborted);
                if (cached is not null)
                {
                    using var copy = new MemoryStream((int)Math.Clamp(cached.Info.Length, 0, int.MaxValue));
                    await cached.Content.CopyToAsync(copy, http.RequestAborted);
                    kept = new KeptRendition(copy.ToArray(), cached.Info.ContentType, cached.Info.LastModified);
                    memory.Keep(ownerId, renditionKey, source.ETag, kept);
                }
            }
            if (kept is not null)
            {
                http.Response.Headers[CacheStatusHeader] = "hit";
                RequestedResponseHeaders.Apply(http, request, isPublic, secondsLeft is not null);
                ImagingMetrics.CacheHit();
                // Only answers that depend on the URL and this source alone: no requested headers, no overlay (a second object), no expiry.
                if (catalog && request.Headers is null && request.Edits.Overlay is null && secondsLeft is null)
                    fastLaneAnswers.Remember(http, kept.Content, request.Key, source.ETag);
                return Results.Bytes(kept.Content, kept.ContentType, lastModified: kept.LastModified);
            }

            var caller = ImageCallerPolicy.For(http.User, isPublic, signed, path, request);
            var rendered = await renderer.RenderAsync(ownerId, request, caller, http.RequestAborted);
            var image = rendered.Image;
            if (!image.IsOriginal && RenditionCachePolicy.Keeps(isPublic, signed, path, request, query))
                await cache.PutAsync(ownerId, request, renditionKey, image, http.RequestAborted);
            http.Response.Headers[CacheStatusHeader] = "miss";
            RequestedResponseHeaders.Apply(http, request, isPublic, secondsLeft is not null);
            ImagingMetrics.CacheMiss();
            return Results.Bytes(image.Content, image.ContentType, lastModified: rendered.Source.LastModified);
        }
        catch (ImageRequestException e)
        {
            if (e.Status >= 500) logger.LogWarning(e, "Image request failed: {Code}", e.Code);
            if (e.RetryAfterSeconds is { } retryAfter) http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await FallbackOrErrorAsync(e.Status, e.Code, e.Message);
        }
        catch (InvalidObjectKeyException e)
        {
            return await FallbackOrErrorAsync(StatusCodes.Status400BadRequest, ImageErrorCodes.RequestTypeError, e.Message);
        }
        catch (ObjectArchivedException e)
        {
            // Not SIH's (it forwards S3's 403): a 503 with Retry-After tells clients and caches the answer is temporary.
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await FallbackOrErrorAsync(StatusCodes.Status503ServiceUnavailable, ImageErrorCodes.SourceArchived,
                $"The original image is archived; it is being restored and can be shown in about {ObjectArchivedException.Describe(e.RetryAfter)}.");
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            var failure = ImageHandlerFailure.Of(e);
            logger.LogError(e, "Image request {Path} failed: {Code}", http.Request.Path.Value, failure.Code);
            return await FallbackOrErrorAsync(failure.Status, failure.Code, failure.Message);
        }

        // SIH answers every error with the fallback image when one is set; the JSON error when it cannot be read.
        async Task<IResult> FallbackOrErrorAsync(int status, string code, string message) =>
            await fallback.AnswerAsync(http, status, request, isPublic, secondsLeft) ?? Error(http, status, code, message);
    }

    /// <summary>The request's rendition key and the source's version: another source behind the same key never matches an old ETag.</summary>
    private static string ETag(string renditionKey, ObjectInfo source) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{renditionKey}\n{source.ETag}")))}\"";

    /// <summary>
    /// Checks <c>?signature=</c> when a signing secret is set: of the path, and the query parameters the handler reads
    /// (<see cref="ImageQuery.StringToSign"/>); true when the URL was signed.
    /// </summary>
    private bool CheckSignature(HttpContext http, ImageQuery query)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrEmpty(secret)) return false;
        var signature = query.Signature ?? "";
        if (signature.Length == 0)
            throw new ImageRequestException(400, "AuthorizationQueryParametersError", "Query-string requires the signature parameter.");
        var expected = ImageUrlSigner.Signature(secret, query.StringToSign(SignedPath(http)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
            throw new ImageRequestException(403, "SignatureDoesNotMatch", "Signature does not match.");
        return true;
    }

    /// <summary>What a signature covers: the image path after the endpoint's prefix, starting with '/'.</summary>
    public static string SignedPath(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var prefix = http.GetEndpoint() is RouteEndpoint route ? "/" + route.RoutePattern.RawText!.Split("/{")[0].Trim('/') : "";
        return path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
    }

    /// <param name="secondsLeft">Until the URL's <c>expires</c>: the max-age instead of the configured one, as the successor answers.</param>
    private void SetCachingHeaders(HttpContext http, bool isPublic, string etag, bool autoWebp, long? secondsLeft)
    {
        var headers = http.Response.GetTypedHeaders();
        headers.CacheControl = new CacheControlHeaderValue
        {
            Public = isPublic,
            Private = !isPublic,
            MaxAge = TimeSpan.FromSeconds(secondsLeft ?? options.Value.CacheMaxAgeSeconds),
        };
        http.Response.Headers.ETag = etag;
        // Shared caches must not hand an answer made for one Accept or Origin (CORS headers) to another.
        if (autoWebp) Vary(http, HeaderNames.Accept);
        if (options.Value.CorsOrigins.Count > 0) Vary(http, HeaderNames.Origin);
    }

    /// <summary>Adds to <c>Vary</c>, keeping what is there (the CORS middleware may have set it).</summary>
    private static void Vary(HttpContext http, string header)
    {
        var vary = http.Response.Headers.Vary;
        if (!vary.SelectMany(v => (v ?? "").Split(',')).Any(v => v.Trim().Equals(header, StringComparison.OrdinalIgnoreCase)))
            http.Response.Headers.Vary = StringValues.Concat(vary, header);
    }

    /// <summary>The handler's error: <c>{"status","code","message"}</c>, never cached.</summary>
    public static IResult Error(HttpContext http, int status, string code, string message)
    {
        http.Response.Headers.Remove(HeaderNames.ETag);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { status, code, message }, statusCode: status);
    }

    /// <summary>Whether an If-None-Match header lists <paramref name="etag"/> or <c>*</c> (also read by <see cref="CatalogFastLane"/>).</summary>
    internal static bool IfNoneMatchIncludes(string ifNoneMatch, string etag) =>
        ifNoneMatch.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*");
}
