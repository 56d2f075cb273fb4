using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Athena;

/// <summary>Athena's result columns and its string values as the CLR values the query contract promises.</summary>
public static class AthenaValues
{
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm"];

    public static IReadOnlyList<QueryColumn> Columns(JsonArray? columnInfo) =>
        columnInfo?.OfType<JsonObject>().Select(c =>
        {
            var type = (c["Type"]?.GetValue<string>() ?? "varchar").ToLowerInvariant();
            return type == "decimal"
                ? new QueryColumn(c["Name"]?.GetValue<string>() ?? "", type, c["Precision"]?.GetValue<int>() ?? 0, c["Scale"]?.GetValue<int>() ?? 0)
                : new QueryColumn(c["Name"]?.GetValue<string>() ?? "", type);
        }).ToList() ?? [];

    public static object? Parse(string? value, QueryColumn column)
    {
        if (value is null) return null;
        var invariant = CultureInfo.InvariantCulture;
        return column.Type switch
        {
            "bigint" => long.Parse(value, invariant),
            "integer" or "int" or "smallint" or "tinyint" => int.Parse(value, invariant),
            "double" or "real" or "float" => double.Parse(value, NumberStyles.Float, invariant),
            "decimal" => decimal.Parse(value, NumberStyles.Float, invariant),
            "boolean" => bool.Parse(value),
            "date" => DateOnly.ParseExact(value, "yyyy-MM-dd", invariant),
            "timestamp" => Timestamp(value),
            "timestamp with time zone" => TimestampWithZone(value),
            _ => value,
        };
    }

    private static DateTime Timestamp(string value) =>
        DateTime.ParseExact(TrimFraction(value), TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Trino writes <c>2026-11-20 08:15:30.000 UTC</c> (or a zone id or offset after the space).</summary>
    private static DateTime TimestampWithZone(string value)
    {
        var space = value.LastIndexOf(' ');
        var (local, zone) = space > 10 ? (value[..space], value[(space + 1)..]) : (value, "UTC");
        var at = Timestamp(local);
        if (zone is "UTC" or "Z" or "GMT") return at;
        if (TimeSpan.TryParse(zone.TrimStart('+'), CultureInfo.InvariantCulture, out var offset))
            return DateTime.SpecifyKind(at - (zone.StartsWith('-') ? offset.Negate() : offset), DateTimeKind.Utc);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(at, DateTimeKind.Unspecified), tz);
    }

    /// <summary>Trino may give 9 fractional digits; .NET parses at most 7.</summary>
    private static string TrimFraction(string value)
    {
        var dot = value.IndexOf('.', 10);
        if (dot < 0) return value;
        var end = dot + 1;
        while (end < value.Length && char.IsAsciiDigit(value[end])) end++;
        return end - dot - 1 > 7 ? value[..(dot + 8)] + value[end..] : value;
    }
}
