using Portal.Engine.Text;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Catalog;

namespace Portal.Engine.Analytics.Console;

/// <summary>
/// A result as CSV (RFC 4180, UTF-8, a header row of column names): numbers and times in invariant form
/// (<c>2026-11-03 14:05:00.000000</c>, UTC), empty cells for NULL, text cells kept from running as spreadsheet formulas.
/// </summary>
public static class ResultCsv
{
    public static async Task WriteAsync(QueryResult result, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" });
        foreach (var column in result.Columns) csv.WriteField(column.Name);
        await csv.NextRecordAsync();
        foreach (var row in result.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var value in row) csv.WriteField(Cell(value));
            await csv.NextRecordAsync();
        }
    }

    /// <summary>A value as the CSV (and the result grid) shows it; null for NULL.</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Cell(object? value) => value is string s ? SpreadsheetText.Protect(s) : Text(value) ?? "";
}
