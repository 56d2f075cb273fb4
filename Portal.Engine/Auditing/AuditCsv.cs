using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Engine.Text;

namespace Portal.Engine.Auditing;

/// <summary>Audit entries as CSV (RFC 4180, UTF-8, times in UTC ISO 8601), text kept from running as spreadsheet formulas.</summary>
public static class AuditCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["id", "at_utc", "user", "action", "outcome", "subject_type", "subject_id", "remote_address", "user_agent", "detail", "before", "after"];

    public static async Task WriteAsync(IAsyncEnumerable<AuditEntry> entries, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" });
        foreach (var column in Header) csv.WriteField(column);
        await csv.NextRecordAsync();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            csv.WriteField(entry.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(DateTime.SpecifyKind(entry.At, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            foreach (var text in new[] { entry.UserName, entry.Action, entry.Outcome, entry.EntityType, entry.EntityId, entry.RemoteAddress,
                         entry.UserAgent, entry.Detail, entry.BeforeJson, entry.AfterJson })
                csv.WriteField(text is null ? "" : SpreadsheetText.Protect(text));
            await csv.NextRecordAsync();
        }
    }
}
