using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Auditing;

/// <summary>One changed field of an audited entity, as the history panel shows it.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

public static class AuditTrail
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AuditEntry Entry<T>(string entityType, object entityId, string action, string userName, DateTime at, T? before, T? after) => new()
    {
        EntityType = entityType,
        EntityId = entityId.ToString()!,
        Action = action,
        UserName = userName,
        At = at,
        BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Json),
        AfterJson = after is null ? null : JsonSerializer.Serialize(after, Json),
    };

    /// <summary>The user name of <paramref name="userId"/> as the audit trail names people (the id itself when the account is gone).</summary>
    public static async Task<string> UserNameAsync(PortalDbContext db, string userId, CancellationToken cancellationToken = default) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken) ?? userId;

    public static Task<List<AuditEntry>> HistoryAsync(PortalDbContext db, string entityType, object entityId, CancellationToken cancellationToken = default)
    {
        var id = entityId.ToString();
        return db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == id)
            .OrderByDescending(a => a.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The fields whose values differ between the before and after snapshots.</summary>
    public static IReadOnlyList<FieldChange> Changes(AuditEntry entry)
    {
        var before = Flatten(entry.BeforeJson);
        var after = Flatten(entry.AfterJson);
        return before.Keys.Union(after.Keys)
            .Select(field => new FieldChange(field, before.GetValueOrDefault(field), after.GetValueOrDefault(field)))
            .Where(change => change.Before != change.After)
            .ToList();
    }

    /// <summary>One field of a snapshot (before or after), as <see cref="Changes"/> reads it; null when the snapshot lacks it.</summary>
    public static string? Value(string? json, string field) => Flatten(json).GetValueOrDefault(field);

    private static Dictionary<string, string?> Flatten(string? json)
    {
        if (json is null) return [];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString(),
                _ => p.Value.GetRawText(),
            });
    }
}
