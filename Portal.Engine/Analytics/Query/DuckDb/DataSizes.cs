using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>Sizes written as DuckDB writes them ('2GB', '512 MiB'): KB, MB, GB and TB are powers of 1000, KiB... of 1024.</summary>
public static partial class DataSizes
{
    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Size();

    public static bool IsSize(string? text) => text is not null && Size().IsMatch(text);

    public static long Bytes(string text)
    {
        var match = Size().Match(text);
        if (!match.Success) throw new FormatException($"'{text}' is not a size such as '2GB'.");
        var unit = match.Groups[2].Value.ToUpperInvariant();
        double scale = unit switch
        {
            "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, "TB" => 1e12,
            "KIB" => 1L << 10, "MIB" => 1L << 20, "GIB" => 1L << 30, _ => 1L << 40,
        };
        return (long)(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * scale);
    }
}
