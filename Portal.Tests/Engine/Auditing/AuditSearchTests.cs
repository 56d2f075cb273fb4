using System.Text;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Auditing;

public sealed class SqliteAuditSearchTests() : AuditSearchTests(DatabaseOptions.Sqlite);

public sealed class PostgresAuditSearchTests() : AuditSearchTests(DatabaseOptions.Postgres);

/// <summary>The viewer's reads: filters in the database, newest first, paged; the CSV of a filtered set.</summary>
public abstract class AuditSearchTests(string provider) : ProviderSuite(provider)
{
    private static readonly DateTime Day = new(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc);

    private async Task<AuditSearch> SeededAsync()
    {
        var database = await DatabaseAsync();
        await using (var db = database.NewContext())
        {
            db.AuditEntries.AddRange(
                AuditLog.Entry(new AuditEvent(AuditSubjects.Account, "ana@example.com", "SignIn", "ana@example.com"), Day.AddHours(9)),
                AuditLog.Entry(new AuditEvent(AuditSubjects.Account, "ana@example.com", "SignIn", "ana@example.com", AuditOutcome.Failed, "Wrong password"), Day.AddHours(8)),
                AuditLog.Entry(new AuditEvent(AuditSubjects.Query, "console", "QueryRun", "Özlem@example.com", Detail: "SELECT count(*) FROM sales"), Day.AddDays(1)),
                AuditLog.Entry(new AuditEvent(AuditSubjects.Export, "catalog", "CatalogExported", "sales@example.com", Detail: "=HYPERLINK(\"x\")"), Day.AddDays(2)));
            await db.SaveChangesAsync();
        }
        return new AuditSearch(new TestDbContextFactory(database));
    }

    [SkippableFact]
    public async Task Filters_by_who_action_outcome_range_and_text_newest_first()
    {
        var search = await SeededAsync();
        async Task<string[]> Actions(AuditFilter filter) => (await search.PageAsync(filter, 0, 50)).Entries.Select(e => $"{e.Action}/{e.Outcome}").ToArray();

        Assert.Equal(["CatalogExported/Succeeded", "QueryRun/Succeeded", "SignIn/Failed", "SignIn/Succeeded"], await Actions(new AuditFilter()));
        Assert.Equal(["SignIn/Failed", "SignIn/Succeeded"], await Actions(new AuditFilter(User: "ANA@")));
        Assert.Equal(["QueryRun/Succeeded"], await Actions(new AuditFilter(User: "özlem")));
        Assert.Equal(["SignIn/Failed"], await Actions(new AuditFilter(Outcome: AuditOutcome.Failed)));
        Assert.Equal(["CatalogExported/Succeeded"], await Actions(new AuditFilter(Action: "CatalogExported")));
        Assert.Equal(["QueryRun/Succeeded"], await Actions(new AuditFilter(From: Day.AddDays(1), To: Day.AddDays(2))));
        Assert.Equal(["QueryRun/Succeeded"], await Actions(new AuditFilter(Text: "from SALES")));
        Assert.Empty(await Actions(new AuditFilter(Text: "100%")));
    }

    [SkippableFact]
    public async Task Pages_count_the_whole_filtered_set()
    {
        var search = await SeededAsync();
        var second = await search.PageAsync(new AuditFilter(), 1, 3);
        Assert.Equal(4, second.Total);
        Assert.Equal(["SignIn"], second.Entries.Select(e => e.Action));
        Assert.Equal(["CatalogExported", "QueryRun", "SignIn"], await search.ActionsAsync());
    }

    [SkippableFact]
    public async Task The_csv_has_a_header_and_one_row_per_filtered_entry_with_formulas_defused()
    {
        var search = await SeededAsync();
        using var output = new MemoryStream();
        await AuditCsv.WriteAsync(search.AllAsync(new AuditFilter(Text: "catalog")), output);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", AuditCsv.Header), lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains(",2026-11-05T00:00:00.000Z,sales@example.com,CatalogExported,Succeeded,Export,catalog,", row);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", row);
    }
}
