using Portal.Components;
using System.Globalization;
using System.Text;
using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Api;

/// <summary>A result as CSV (RFC 4180): a header row of column names, then one line per row; nulls are empty fields.</summary>
public sealed class CsvQueryResult(QueryResult result) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = QueryResultFormats.Csv + "; charset=utf-8; header=present";
        response.Headers["X-Query-Truncated"] = result.Truncated ? "true" : "false";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync(string.Join(',', result.Columns.Select(c => Field(c.Name))) + "\r\n");
        foreach (var row in result.Rows)
            await writer.WriteAsync(string.Join(',', row.Select((value, i) => Field(Text(value, result.Columns[i])))) + "\r\n");
        await writer.FlushAsync();
    }

    /// <summary>A value as Athena writes it to CSV: invariant numbers (decimals with their column's scale), <c>yyyy-MM-dd HH:mm:ss.fff</c> timestamps, <c>true</c>/<c>false</c>.</summary>
    public static string Text(object? value, QueryColumn? column = null) => value switch
    {
        null => "",
        decimal number when column is { Scale: > 0 } => number.ToString("F" + column.Scale, CultureInfo.InvariantCulture), // 12.50 for decimal(12,2)
        DateTime time => Formats.CsvTimestamp(time),
        DateOnly date => Formats.CsvDate(date),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
