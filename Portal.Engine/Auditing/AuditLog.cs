using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Auditing;

/// <summary>One security-relevant action as the audit trail records it.</summary>
/// <param name="Subject">What the action was about: its kind (<see cref="AuditSubjects"/>) and its id.</param>
public sealed record AuditEvent(string SubjectType, string SubjectId, string Action, string UserName,
    string Outcome = AuditOutcome.Succeeded, string? Detail = null, object? Before = null, object? After = null);

/// <summary>The kinds of subject the audit trail names beside the ones features record with their own changes.</summary>
public static class AuditSubjects
{
    public const string Account = "Account";
    public const string ApiKey = "ApiKey";
    public const string AccessKey = "AccessKey";
    public const string Query = "Query";
    public const string Export = "Export";
}

/// <summary>
/// Writes audit entries on their own (for actions that change nothing else in the database, or that failed): each in
/// its own short unit of work, so a failure of the caller's transaction cannot take the record of the attempt with it.
/// </summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> contexts, TimeProvider clock)
{
    public const int MaxDetail = 8000;

    public async Task RecordAsync(AuditEvent audit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Entry(audit, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>As <see cref="RecordAsync(AuditEvent, CancellationToken)"/>, named by the account <paramref name="userId"/> (for callers that know only the id).</summary>
    public async Task RecordForUserAsync(string userId, AuditEvent audit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Entry(audit with { UserName = await AuditTrail.UserNameAsync(db, userId, cancellationToken) }, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The entry for <paramref name="audit"/>, for callers that add it to their own unit of work.</summary>
    public static AuditEntry Entry(AuditEvent audit, DateTime at)
    {
        var entry = AuditTrail.Entry(audit.SubjectType, Cut(audit.SubjectId, 64), audit.Action, Cut(audit.UserName, 256), at, audit.Before, audit.After);
        entry.Outcome = audit.Outcome;
        entry.Detail = audit.Detail is null ? null : Cut(audit.Detail, MaxDetail);
        return entry;
    }

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;
}
