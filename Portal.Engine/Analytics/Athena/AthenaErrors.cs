using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Athena;

/// <summary>What Athena's errors mean for the analyst: AWS error types at the API, and failed queries' reasons.</summary>
public static partial class AthenaErrors
{
    /// <summary>An error response (<c>__type</c>): a bad request is about the SQL, anything else means Athena is unavailable.</summary>
    public static AnalyticsQueryException Refusal(AthenaServiceException ex, string sql) => ex.Type switch
    {
        "InvalidRequestException" => Classify(ex.Message, sql, category: 2, ex),
        "UnrecognizedClientException" or "InvalidSignatureException" or "IncompleteSignature" or "AccessDeniedException" or "ExpiredTokenException" or "MissingAuthenticationToken" =>
            new AnalyticsQueryException(QueryRefusal.Unavailable, $"Athena refused the portal's credentials (Analytics:Athena:AccessKeyId): {ex.Message}", inner: ex),
        "TooManyRequestsException" or "ThrottlingException" =>
            new AnalyticsQueryException(QueryRefusal.Unavailable, $"Athena is busy; try again shortly. ({ex.Message})", inner: ex),
        _ => new AnalyticsQueryException(QueryRefusal.Unavailable, $"Athena could not run the query: {ex.Type}: {ex.Message}", inner: ex),
    };

    /// <summary>A FAILED query: its <c>Status.StateChangeReason</c> and <c>AthenaError.ErrorCategory</c> (1 system, 2 user, 3 other).</summary>
    public static AnalyticsQueryException Failure(JsonObject? status, string sql)
    {
        var reason = status?["StateChangeReason"]?.GetValue<string>() ?? status?["AthenaError"]?["ErrorMessage"]?.GetValue<string>() ?? "The query failed in Athena.";
        var category = status?["AthenaError"]?["ErrorCategory"]?.GetValue<int>() ?? 2;
        return Classify(reason, sql, category, null);
    }

    private static AnalyticsQueryException Classify(string message, string sql, int category, Exception? inner)
    {
        var position = Position(message, sql);
        QueryRefusal refusal;
        if (message.Contains("characters long", StringComparison.OrdinalIgnoreCase) || message.Contains("nests parentheses", StringComparison.OrdinalIgnoreCase)
            || message.Contains("too long", StringComparison.OrdinalIgnoreCase))
            refusal = QueryRefusal.TooLarge;
        else if (message.Contains("single SELECT", StringComparison.OrdinalIgnoreCase) || message.Contains("exactly one SELECT", StringComparison.OrdinalIgnoreCase)
            || message.Contains("not supported", StringComparison.OrdinalIgnoreCase) || message.Contains("NOT_SUPPORTED", StringComparison.Ordinal)
            || message.Contains("read-only", StringComparison.OrdinalIgnoreCase))
            refusal = QueryRefusal.NotReadOnly;
        else if (message.Contains("syntax error", StringComparison.OrdinalIgnoreCase) || message.Contains("mismatched input", StringComparison.OrdinalIgnoreCase)
            || message.Contains("extraneous input", StringComparison.OrdinalIgnoreCase) || message.Contains("no viable alternative", StringComparison.OrdinalIgnoreCase))
            refusal = QueryRefusal.Syntax;
        else if (category == 3 || message.Contains("ran longer than", StringComparison.OrdinalIgnoreCase) || message.Contains("EXCEEDED_TIME_LIMIT", StringComparison.Ordinal))
            refusal = QueryRefusal.Timeout;
        else if (category == 1)
            refusal = QueryRefusal.Unavailable;
        else
            refusal = QueryRefusal.Invalid;
        return new AnalyticsQueryException(refusal, message, position, inner);
    }

    /// <summary>Trino's <c>line 2:15:</c> (1-based), or the portal endpoint's <c>(at character 16)</c>, as a 0-based offset.</summary>
    private static int? Position(string message, string sql)
    {
        if (AtCharacter().Match(message) is { Success: true } at) return int.Parse(at.Groups[1].Value) - 1;
        if (LineColumn().Match(message) is not { Success: true } m) return null;
        int line = int.Parse(m.Groups[1].Value), column = int.Parse(m.Groups[2].Value), offset = 0;
        for (var l = 1; l < line; l++)
        {
            var nl = sql.IndexOf('\n', offset);
            if (nl < 0) return null;
            offset = nl + 1;
        }
        return offset + column - 1;
    }

    [GeneratedRegex(@"\(at character (\d+)\)")]
    private static partial Regex AtCharacter();

    [GeneratedRegex(@"line (\d+):(\d+)")]
    private static partial Regex LineColumn();
}
