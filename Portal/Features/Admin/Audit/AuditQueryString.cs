using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Components;
using Portal.Engine.Auditing;

namespace Portal.Features.Admin.Audit;

/// <summary>
/// The viewer's filter as the CSV export's query string and back: dates as UTC days (<c>from</c> and <c>to</c>
/// inclusive), the rest as typed.
/// </summary>
public static class AuditQueryString
{
    public static string ExportHref(AuditFilterModel filter)
    {
        var query = new Dictionary<string, string?>
        {
            ["user"] = Blank(filter.User), ["action"] = Blank(filter.Action), ["outcome"] = Blank(filter.Outcome),
            ["from"] = filter.From is { } from ? Formats.Date(from) : null,
            ["to"] = filter.To is { } to ? Formats.Date(to) : null,
            ["text"] = Blank(filter.Text),
        };
        return QueryHelpers.AddQueryString(AuditExportEndpoint.Path, query.Where(p => p.Value is not null)!);
    }

    /// <summary>The filter of a query string; null and the reason when a date does not read as yyyy-MM-dd.</summary>
    public static (AuditFilterModel? Filter, string? Error) Parse(IQueryCollection query)
    {
        DateTime? from = null, to = null;
        foreach (var (name, set) in new (string, Action<DateTime>)[] { ("from", d => from = d), ("to", d => to = d) })
        {
            var text = query[name].ToString();
            if (text.Length == 0) continue;
            if (!DateTime.TryParseExact(text, Formats.DatePattern, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
                return (null, $"'{name}' must be a date as {Formats.DatePattern}, not '{text}'.");
            set(DateTime.SpecifyKind(day, DateTimeKind.Utc));
        }
        var outcome = Blank(query["outcome"]);
        if (outcome is not null && !AuditOutcome.All.Contains(outcome))
            return (null, $"'outcome' must be one of {string.Join(", ", AuditOutcome.All)}, not '{outcome}'.");
        return (new AuditFilterModel(Blank(query["user"]), Blank(query["action"]), outcome, from, to, Blank(query["text"])), null);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The viewer's filter as the form holds it: days rather than instants, <see cref="To"/> inclusive.</summary>
public sealed record AuditFilterModel(string? User = null, string? Action = null, string? Outcome = null,
    DateTime? From = null, DateTime? To = null, string? Text = null)
{
    public bool IsEmpty => this == new AuditFilterModel();

    public string? RangeError => From is { } from && To is { } to && to < from ? "The range ends before it starts." : null;

    public AuditFilter ToFilter() => new(User, Action, Outcome,
        From is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
        To is { } to ? DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc) : null,
        Text);
}
