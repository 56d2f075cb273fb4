using Microsoft.Net.Http.Headers;

namespace Portal.Features.Analytics.Api;

/// <summary>The answers the query API can give, chosen by the request's <c>Accept</c> header.</summary>
public enum QueryResultFormat { Json, Csv, Arrow }

public static class QueryResultFormats
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Arrow = "application/vnd.apache.arrow.stream";

    private static readonly (string MediaType, QueryResultFormat Format)[] Offered =
        [(Json, QueryResultFormat.Json), (Csv, QueryResultFormat.Csv), (Arrow, QueryResultFormat.Arrow)];

    /// <summary>The best format the Accept header allows (JSON when it names none or anything), or null when it allows none of them.</summary>
    public static QueryResultFormat? Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept)) return QueryResultFormat.Json;
        if (!MediaTypeHeaderValue.TryParseList(accept.Split(','), out var ranges)) return null;
        QueryResultFormat? best = null;
        double bestQuality = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1;
            if (quality <= bestQuality) continue;
            foreach (var (mediaType, format) in Offered)
            {
                if (!new MediaTypeHeaderValue(mediaType).IsSubsetOf(range)) continue;
                (best, bestQuality) = (format, quality);
                break;
            }
        }
        return best;
    }
}
