using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Portal.Engine.Imaging;

namespace Portal.Features.Images;

/// <summary>
/// A cached <c>/catalog-img</c> answer as the image handler gave it: the body, the headers the handler and its result set
/// (not those the pipeline adds to every answer), the ones a 304 repeats, and the source version it was made from.
/// </summary>
public sealed record CatalogAnswer(
    byte[] Content, KeyValuePair<string, StringValues>[] Headers, KeyValuePair<string, StringValues>[] NotModifiedHeaders,
    string ETag, string SourceKey, string SourceETag);

/// <summary>
/// The answers <see cref="CatalogFastLane"/> may repeat, by the request's exact path and query (and Accept, when the
/// handler picks WebP by it). The image handler fills it from a cache hit it answered with 200; only requests whose
/// answer depends on nothing else qualify (<see cref="KeyOf"/>). Sized by <c>Imaging:Handler:MemoryCacheMegabytes</c>
/// like <see cref="RenditionMemory"/> (the bodies are mostly the same arrays).
/// </summary>
public sealed class CatalogAnswers : IDisposable
{
    private static readonly string[] NotModifiedNames = [HeaderNames.CacheControl, HeaderNames.ETag, HeaderNames.Vary];

    /// <summary>Set by the pipeline or the server for each answer, never replayed.</summary>
    private static readonly string[] PerAnswerNames =
        [HeaderNames.ContentLength, HeaderNames.Date, HeaderNames.Server, HeaderNames.TransferEncoding, HeaderNames.StrictTransportSecurity];

    /// <summary>Headers whose answers the handler or the CORS middleware treat differently: such requests take the full pipeline.</summary>
    private static readonly string[] DisqualifyingHeaders =
        [HeaderNames.Origin, HeaderNames.Range, HeaderNames.IfRange, HeaderNames.IfMatch, HeaderNames.IfModifiedSince, HeaderNames.IfUnmodifiedSince];

    private readonly MemoryCache? _cache;
    private readonly bool _varyOnAccept;

    public CatalogAnswers(IOptions<ImageHandlerOptions> options, IOptions<ImagingOptions> imaging)
    {
        var limit = (long)options.Value.MemoryCacheMegabytes << 20;
        if (limit > 0 && options.Value.FastLaneSourceSeconds > 0)
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = limit, CompactionPercentage = 0.25 });
        _varyOnAccept = imaging.Value.AutoWebp;
    }

    public bool Enabled => _cache is not null;

    /// <summary>
    /// The key of a <c>GET</c>/<c>HEAD</c> on <c>/catalog-img</c> whose answer depends only on its path, query (a signature
    /// included: the same URL is the same check) and Accept; null for anything else: other paths (<c>/img</c> is private),
    /// URLs with <c>expires</c> (their max-age and validity move with the clock), CORS, range and date-conditional requests.
    /// </summary>
    public string? KeyOf(HttpRequest request)
    {
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !request.Path.StartsWithSegments(Portal.Engine.Catalog.CatalogPhotos.PublicPathRoot, StringComparison.OrdinalIgnoreCase))
            return null;
        var query = request.QueryString.Value ?? "";
        if (query.Contains("expires", StringComparison.OrdinalIgnoreCase)) return null;
        var headers = request.Headers;
        foreach (var name in DisqualifyingHeaders)
            if (headers.ContainsKey(name)) return null;
        return _varyOnAccept ? $"{request.Path.Value}{query}\n{headers.Accept}" : request.Path.Value + query;
    }

    public bool TryGet(string key, [NotNullWhen(true)] out CatalogAnswer? answer)
    {
        answer = null;
        return _cache is not null && _cache.TryGetValue(key, out answer) && answer is not null;
    }

    /// <summary>
    /// Called by the handler as it answers a cache hit: when the answer starts with 200 and its request qualifies, its
    /// headers then (the handler's and its result's) are kept with <paramref name="content"/>.
    /// </summary>
    public void Remember(HttpContext http, byte[] content, string sourceKey, string sourceETag)
    {
        if (_cache is null || content.Length > RenditionMemory.MaxEntryBytes || http.Request.Headers.ContainsKey(HeaderNames.IfNoneMatch)
            || KeyOf(http.Request) is not { } key)
            return;
        http.Response.OnStarting(() =>
        {
            var response = http.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie)) return Task.CompletedTask;
            var headers = response.Headers.Where(h => !PerAnswerNames.Contains(h.Key, StringComparer.OrdinalIgnoreCase)).ToArray();
            var notModified = headers.Where(h => NotModifiedNames.Contains(h.Key, StringComparer.OrdinalIgnoreCase)).ToArray();
            var answer = new CatalogAnswer(content, headers, notModified, response.Headers.ETag.ToString(), sourceKey, sourceETag);
            using var entry = _cache.CreateEntry(key);
            entry.Value = answer;
            entry.Size = content.Length + 512L; // the record, its headers and key
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            return Task.CompletedTask;
        });
    }

    public void Dispose() => _cache?.Dispose();
}
