using System.Globalization;
using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>Small reads the export needs besides its table queries.</summary>
internal static class LakeSql
{
    /// <summary>The single row of a query (null when there is none); copied, since sources reuse their row array.</summary>
    public static async Task<object?[]?> SingleRowAsync(this ILakeSource source, LakeQuery query, CancellationToken cancellationToken)
    {
        await foreach (var row in source.ReadAsync(query, cancellationToken)) return (object?[])row.Clone();
        return null;
    }

    /// <summary>The customer's tier when the order was placed: the change in force then, else their first one, else their tier now.</summary>
    public const string TierAtOrder = """
        COALESCE(
          (SELECT m."Tier" FROM membership_changes m WHERE m."CustomerId" = o."CustomerId" AND m."EffectiveFrom" <= o."PlacedAt" ORDER BY m."EffectiveFrom" DESC, m."Id" DESC LIMIT 1),
          (SELECT m."Tier" FROM membership_changes m WHERE m."CustomerId" = o."CustomerId" ORDER BY m."EffectiveFrom", m."Id" LIMIT 1),
          c."Tier")
        """;

    public static string Watermark(DateTime utc) => utc.ToString("O", CultureInfo.InvariantCulture);

    public static DateTime? ParseWatermark(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
