using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Storage;

namespace Portal.Features.Images;

/// <summary>
/// Serverless Image Handler's default fallback image (<c>Imaging:Handler:Fallback</c>): instead of the JSON error, the
/// image at the configured key with the error's status code, its own Content-Type and Last-Modified. Cache-Control as SIH
/// orders it: the fallback object's own (its <c>cache-control</c> metadata), else the one the request asked for, else
/// <c>max-age=…,public</c>. The key is read from the catalog's public space for both endpoints, never from a customer's
/// space: on <c>/img</c> every customer sees the same public image, so the fallback says nothing that the JSON error would not,
/// and its Cache-Control is made private there (the answer is one user's). When the image cannot be read, the JSON error stands.
/// </summary>
public sealed class FallbackImage(CustomerImageSpaces spaces, ImageProcessor processor, IOptions<ImageHandlerOptions> options, ILogger<FallbackImage> logger)
{
    /// <summary>The metadata name that gives the fallback object its own Cache-Control (S3's <c>x-amz-meta-cache-control</c>).</summary>
    public const string CacheControlMetadata = "cache-control";

    /// <summary>The fallback answer for an error of <paramref name="status"/>, or null (off, or the image could not be read).</summary>
    /// <param name="request">The parsed request when parsing got that far: its requested Cache-Control counts on public endpoints.</param>
    public async Task<IResult?> AnswerAsync(HttpContext http, int status, ImageRequest? request, bool isPublic, long? secondsLeft)
    {
        var settings = options.Value.Fallback;
        if (!settings.Enabled || string.IsNullOrWhiteSpace(settings.Key) || http.RequestAborted.IsCancellationRequested) return null;
        byte[] content;
        ObjectInfo info;
        try
        {
            await using var stored = await spaces.For(ImagesComposition.CatalogSpace).GetAsync(settings.Key, http.RequestAborted);
            if (stored is null)
            {
                logger.LogWarning("The fallback image {Key} is not in the catalog's image space; answering the JSON error", settings.Key);
                return null;
            }
            content = await processor.ReadLimitedAsync(stored.Content, "fallback image", http.RequestAborted);
            info = stored.Info;
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning(e, "The fallback image {Key} could not be read; answering the JSON error", settings.Key);
            return null;
        }

        http.Response.Headers.Remove(HeaderNames.ETag);
        http.Response.Headers.CacheControl = CacheControl(info, request, isPublic, secondsLeft);
        http.Response.Headers.LastModified = HeaderUtilities.FormatDate(info.LastModified);
        return new Answer(status, info.ContentType, content);
    }

    /// <summary>The bytes with the error's status: not a file result, whose conditional-request handling could turn the error into a 304 or 206.</summary>
    private sealed class Answer(int status, string contentType, byte[] content) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = contentType;
            http.Response.ContentLength = content.Length;
            return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.Body.WriteAsync(content, http.RequestAborted).AsTask();
        }
    }

    private string CacheControl(ObjectInfo fallback, ImageRequest? request, bool isPublic, long? secondsLeft)
    {
        var own = fallback.Metadata.FirstOrDefault(m => m.Key.Equals(CacheControlMetadata, StringComparison.OrdinalIgnoreCase)).Value;
        // As for images: a private endpoint, or a URL with expires, takes no Cache-Control from the request (RequestedResponseHeaders).
        var requested = isPublic && secondsLeft is null
            ? request?.Headers?.FirstOrDefault(h => h.Key.Equals(HeaderNames.CacheControl, StringComparison.OrdinalIgnoreCase)).Value
            : null;
        var chosen = NonEmpty(own) ?? NonEmpty(requested) ?? $"max-age={secondsLeft ?? options.Value.CacheMaxAgeSeconds},public";
        if (isPublic) return chosen;
        // One user's answer on /img: a shared cache must not give it to another user of the same URL.
        var maxAge = CacheControlHeaderValue.TryParse(chosen, out var parsed) && parsed.MaxAge is { } age
            ? (long)age.TotalSeconds
            : secondsLeft ?? options.Value.CacheMaxAgeSeconds;
        return $"private, max-age={maxAge}";
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
