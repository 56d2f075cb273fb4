using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Auditing;

public sealed class SqliteAuditTrailAppendOnlyTests() : AuditTrailAppendOnlyTests(DatabaseOptions.Sqlite);


public sealed class PostgresAuditTrailAppendOnlyTests() : AuditTrailAppendOnlyTests(DatabaseOptions.Postgres);

/// <summary>The audit trail takes new entries only: the app's context refuses changes, and so does the database itself.</summary>
public abstract class AuditTrailAppendOnlyTests(string provider) : ProviderSuite(provider)
{
    private async Task<(TestDatabase Database, long Id)> OneEntryAsync()
    {
        var database = await DatabaseAsync();
        var log = new AuditLog(new TestDbContextFactory(database), TimeProvider.System);
        using (AuditOrigin.Use(new AuditOrigin("203.0.113.7", "curl/8.1")))
            await log.RecordAsync(new AuditEvent(AuditSubjects.Account, "ana@example.com", "SignIn", "ana@example.com", AuditOutcome.Failed, "Wrong password"));
        await using var db = database.NewContext();
        return (database, (await db.AuditEntries.SingleAsync()).Id);
    }

    [SkippableFact]
    public async Task An_entry_keeps_who_what_outcome_detail_and_the_origin_current_when_it_was_written()
    {
        var (database, _) = await OneEntryAsync();
        await using var db = database.NewContext();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(("ana@example.com", "SignIn", AuditOutcome.Failed, "Wrong password", "203.0.113.7", "curl/8.1"),
            (entry.UserName, entry.Action, entry.Outcome, entry.Detail, entry.RemoteAddress, entry.UserAgent));
    }

    [SkippableFact]
    public async Task The_context_refuses_to_change_or_delete_an_entry()
    {
        var (database, id) = await OneEntryAsync();
        await using (var db = database.NewContext())
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.Id == id);
            entry.Outcome = AuditOutcome.Succeeded;
            await Assert.ThrowsAsync<AuditTrailAppendOnlyException>(() => db.SaveChangesAsync());
        }
        await using (var db = database.NewContext())
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(a => a.Id == id));
            await Assert.ThrowsAsync<AuditTrailAppendOnlyException>(() => db.SaveChangesAsync());
        }
        await using var after = database.NewContext();
        Assert.Equal(AuditOutcome.Failed, (await after.AuditEntries.SingleAsync()).Outcome);
    }

    [SkippableFact]
    public async Task The_database_refuses_an_update_or_delete_that_goes_around_the_context()
    {
        var (database, id) = await OneEntryAsync();
        await using (var db = database.NewContext())
        {
            var update = await Record.ExceptionAsync(() => db.AuditEntries.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Outcome, AuditOutcome.Succeeded)));
            Assert.Contains("append-only", update?.Message ?? "(no error)");
            var delete = await Record.ExceptionAsync(() => db.AuditEntries.Where(a => a.Id == id).ExecuteDeleteAsync());
            Assert.Contains("append-only", delete?.Message ?? "(no error)");
            var raw = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));
            Assert.Contains("append-only", raw?.Message ?? "(no error)");
        }
        await using var after = database.NewContext();
        var entry = await after.AuditEntries.SingleAsync();
        Assert.Equal((id, AuditOutcome.Failed), (entry.Id, entry.Outcome));
    }

    [SkippableFact]
    public async Task New_entries_still_go_in_after_a_refused_change()
    {
        var (database, _) = await OneEntryAsync();
        await using (var db = database.NewContext())
            await Record.ExceptionAsync(() => db.AuditEntries.ExecuteDeleteAsync());
        var log = new AuditLog(new TestDbContextFactory(database), TimeProvider.System);
        await log.RecordAsync(new AuditEvent(AuditSubjects.Account, "ana@example.com", "SignIn", "ana@example.com"));
        await using var after = database.NewContext();
        Assert.Equal(2, await after.AuditEntries.CountAsync());
    }
}
