using Portal.Engine.Auditing;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Text;

namespace Portal.Engine.Analytics.Access;

/// <summary>The one time a new key's secret is visible, to copy into the analyst's tools.</summary>
public sealed record CreatedAnalystAccessKey(AnalystAccessKey Key, string SecretAccessKey);

/// <summary>
/// Issues, lists, revokes and looks up analysts' access keys. Secrets are encrypted with Data Protection under
/// <see cref="Purpose"/>; revoked keys stay (so callers can be told so, and the list keeps its history).
/// </summary>
public sealed class AnalystAccessKeyService(IDbContextFactory<PortalDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider clock,
    AnalystKeyCache? signIns = null)
    : IAnalystAccessKeys
{
    public const string Purpose = "Portal.Analytics.AccessKeys.v1";
    public const int MaxActiveKeysPerUser = 5;
    /// <summary>How stale "last used" may be: recording every call would write on every request.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public async Task<(CreatedAnalystAccessKey? Created, string? Error)> CreateAsync(string userId, string? name, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 80) return (null, "Give the key a name of 1 to 80 characters, e.g. the script or notebook that will use it.");
        if (ControlCharacters.Error("The name", name) is { } controlError) return (null, controlError);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.AnalystAccessKeys.CountAsync(k => k.UserId == userId && k.RevokedAt == null, cancellationToken) >= MaxActiveKeysPerUser)
            return (null, $"You have {MaxActiveKeysPerUser} active access keys; revoke one first.");
        var secret = AnalystAccessKeyText.NewSecret();
        var key = new AnalystAccessKey
        {
            AccessKeyId = AnalystAccessKeyText.NewId(), ProtectedSecret = _protector.Protect(secret), UserId = userId, Name = name, CreatedAt = Now,
        };
        db.AnalystAccessKeys.Add(key);
        db.AuditEntries.Add(AuditTrail.Entry(AuditSubjects.AccessKey, key.AccessKeyId, "Created", await AuditTrail.UserNameAsync(db, userId, cancellationToken), Now,
            (object?)null, new { key.Name }));
        await db.SaveChangesAsync(cancellationToken);
        return (new CreatedAnalystAccessKey(key, secret), null);
    }

    /// <summary>
    /// Makes sure the user has the key with exactly this id and secret (the demo analyst's configured key): created when
    /// missing, its secret and owner updated when the settings changed, un-revoked. Nothing changes when it is as configured.
    /// </summary>
    public async Task EnsureAsync(string userId, string accessKeyId, string secret, string name, CancellationToken cancellationToken = default)
    {
        if (AnalystAccessKeyText.IdError(accessKeyId) is { } idError) throw new ArgumentException($"{accessKeyId}: {idError}.", nameof(accessKeyId));
        if (AnalystAccessKeyText.SecretError(secret) is { } secretError) throw new ArgumentException(secretError + ".", nameof(secret));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.AnalystAccessKeys.FirstOrDefaultAsync(k => k.AccessKeyId == accessKeyId, cancellationToken);
        if (key is null)
        {
            db.AnalystAccessKeys.Add(new AnalystAccessKey
            {
                AccessKeyId = accessKeyId, ProtectedSecret = _protector.Protect(secret), UserId = userId, Name = name, CreatedAt = Now,
            });
        }
        else if (key.UserId != userId || key.RevokedAt is not null || Unprotect(key.ProtectedSecret) != secret)
        {
            key.UserId = userId;
            key.RevokedAt = null;
            key.ProtectedSecret = _protector.Protect(secret);
        }
        await db.SaveChangesAsync(cancellationToken);
        signIns?.Forget(accessKeyId);
    }

    /// <summary>The user's keys, newest first (revoked ones included).</summary>
    public async Task<List<AnalystAccessKey>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AnalystAccessKeys.AsNoTracking().Where(k => k.UserId == userId).OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the user's own keys; false when it is not theirs or does not exist.</summary>
    public async Task<bool> RevokeAsync(string userId, int keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.AnalystAccessKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);
        if (key is null) return false;
        if (key.RevokedAt is null)
        {
            key.RevokedAt = Now;
            db.AuditEntries.Add(AuditTrail.Entry(AuditSubjects.AccessKey, key.AccessKeyId, "Revoked", await AuditTrail.UserNameAsync(db, userId, cancellationToken), Now,
                new { key.Name }, (object?)null));
        }
        await db.SaveChangesAsync(cancellationToken);
        signIns?.Forget(key.AccessKeyId);
        return true;
    }

    public async Task<AnalystCredential?> FindAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        if (AnalystAccessKeyText.IdError(accessKeyId) is not null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.AnalystAccessKeys.AsNoTracking()
            .Where(k => k.AccessKeyId == accessKeyId)
            .Join(db.Users, k => k.UserId, u => u.Id, (k, u) => new { Key = k, u.UserName })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || Unprotect(found.Key.ProtectedSecret) is not { } secret) return null;
        return new AnalystCredential(found.Key.AccessKeyId, secret, found.Key.UserId, found.UserName ?? "", found.Key.IsActive);
    }

    public async Task RecordUseAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var staleBefore = now - LastUsedResolution;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.AnalystAccessKeys.Where(k => k.AccessKeyId == accessKeyId && (k.LastUsedAt == null || k.LastUsedAt < staleBefore))
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
    }

    /// <summary>The secret, or null when it was encrypted with a key this app no longer has (the key then cannot sign anyone in).</summary>
    private string? Unprotect(string protectedSecret)
    {
        try { return _protector.Unprotect(protectedSecret); }
        catch (CryptographicException) { return null; }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
