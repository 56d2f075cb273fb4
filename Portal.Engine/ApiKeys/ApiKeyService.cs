using Portal.Engine.Auditing;
using Portal.Engine.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.ApiKeys;

/// <summary>The one time a new key is visible: its full text, to copy into the caller's tool.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>Why a presented key does not sign anyone in.</summary>
public enum ApiKeyRefusal { None, Unknown, Revoked, Expired }

/// <summary>What checking a presented key found: the active key, or why there is none.</summary>
public sealed record ApiKeyCheck(ApiKey? Key, ApiKeyRefusal Refusal)
{
    public static readonly ApiKeyCheck Unknown = new(null, ApiKeyRefusal.Unknown);

    /// <summary>The refusal in words, for the caller (what the key was is only told to one who holds its secret).</summary>
    public string? Reason => Refusal switch
    {
        ApiKeyRefusal.Unknown => "The key is not one the portal issued (check that it was copied whole).",
        ApiKeyRefusal.Revoked => "The key was revoked; create a new one.",
        ApiKeyRefusal.Expired => $"The key expired at {Key?.ExpiresAt:yyyy-MM-dd HH:mm} UTC; create a new one.",
        _ => null,
    };
}

/// <summary>
/// Issues, lists, revokes and checks API keys. A key reads <c>{scheme}_{prefix}_{secret}</c> (<c>ptl</c> for logistics keys,
/// <c>pat</c> for personal access tokens); the prefix finds the row, the secret is compared by its SHA-256 hash in constant time.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<PortalDbContext> dbFactory, ApiKeyCache cache, TimeProvider clock)
{
    public const int MaxActiveKeysPerUser = 10;
    /// <summary>The longest a key may be made to last when it expires at all.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>The text every key of <paramref name="scope"/> starts with, before its first underscore.</summary>
    public static string SchemeOf(ApiKeyScope scope) => scope == ApiKeyScope.Images ? "pat" : "ptl";

    /// <summary>A logistics key that never expires (what the Logistics API keys page makes).</summary>
    public Task<(CreatedApiKey? Created, string? Error)> CreateAsync(string userId, string? name, CancellationToken cancellationToken = default) =>
        CreateAsync(userId, name, ApiKeyScope.Logistics, null, cancellationToken);

    public async Task<(CreatedApiKey? Created, string? Error)> CreateAsync(string userId, string? name, ApiKeyScope scope, DateTime? expiresAt,
        CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 80) return (null, "Give the key a name of 1 to 80 characters, e.g. the tool that will use it.");
        if (ControlCharacters.Error("The name", name) is { } controlError) return (null, controlError);
        if (expiresAt is { } expires && (expires <= Now || expires > Now + MaxLifetime))
            return (null, $"The expiry must be in the future and at most {MaxLifetime.TotalDays:0} days away.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        if (await db.ApiKeys.CountAsync(k => k.UserId == userId && k.Scope == scope && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken)
            >= MaxActiveKeysPerUser)
            return (null, $"You have {MaxActiveKeysPerUser} active keys; revoke one first.");

        var prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            UserId = userId, Name = name, Prefix = prefix, SecretHash = Hash(secret), Scope = scope, CreatedAt = now,
            ExpiresAt = expiresAt is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : null,
        };
        db.ApiKeys.Add(key);
        db.AuditEntries.Add(AuditTrail.Entry(AuditSubjects.ApiKey, $"{SchemeOf(scope)}_{prefix}", "Created", await AuditTrail.UserNameAsync(db, userId, cancellationToken), now,
            (object?)null, new { key.Name, Scope = scope.ToString(), key.ExpiresAt }));
        await db.SaveChangesAsync(cancellationToken);
        return (new CreatedApiKey(key, $"{SchemeOf(scope)}_{prefix}_{secret}"), null);
    }

    /// <summary>The user's logistics keys, newest first.</summary>
    public Task<List<ApiKey>> ListAsync(string userId, CancellationToken cancellationToken = default) =>
        ListAsync(userId, ApiKeyScope.Logistics, cancellationToken);

    public async Task<List<ApiKey>> ListAsync(string userId, ApiKeyScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId && k.Scope == scope).OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the user's own keys; false when it is not theirs or does not exist.</summary>
    public async Task<bool> RevokeAsync(string userId, int keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);
        if (key is null) return false;
        if (key.RevokedAt is null)
        {
            key.RevokedAt = Now;
            db.AuditEntries.Add(AuditTrail.Entry(AuditSubjects.ApiKey, $"{SchemeOf(key.Scope)}_{key.Prefix}", "Revoked", await AuditTrail.UserNameAsync(db, userId, cancellationToken), Now,
                new { key.Name }, (object?)null));
        }
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(key.Prefix);
        return true;
    }

    /// <summary>The active key the text names, or null for anything malformed, unknown, revoked or expired.</summary>
    public async Task<ApiKey?> ValidateAsync(string? presented, CancellationToken cancellationToken = default) =>
        await CheckAsync(presented, cancellationToken) is { Refusal: ApiKeyRefusal.None, Key: var key } ? key : null;

    /// <summary>
    /// The active key the text names, or why it signs no one in. Revoked and expired are told only when the secret matched;
    /// anything else is unknown.
    /// </summary>
    public async Task<ApiKeyCheck> CheckAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (Parse(presented) is not var (scheme, prefix, secret)) return ApiKeyCheck.Unknown;
        var key = cache.Key(prefix);
        if (key is null)
        {
            var ticket = cache.BeginRead();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
            if (key is null || !Matches(scheme, secret, key)) return ApiKeyCheck.Unknown;
            if (key.RevokedAt is not null) return new ApiKeyCheck(key, ApiKeyRefusal.Revoked);
            if (key.IsExpiredAt(Now)) return new ApiKeyCheck(key, ApiKeyRefusal.Expired);
            // Recorded when the key is (re)loaded, at most every cache lifetime, not on every call.
            key.LastUsedAt = Now;
            await db.SaveChangesAsync(cancellationToken);
            cache.Remember(ticket, key);
            return new ApiKeyCheck(key, ApiKeyRefusal.None);
        }
        if (!Matches(scheme, secret, key)) return ApiKeyCheck.Unknown;
        return key.IsExpiredAt(Now) ? new ApiKeyCheck(key, ApiKeyRefusal.Expired) : new ApiKeyCheck(key, ApiKeyRefusal.None);
    }

    /// <summary>The key, when the text names one this instance validated recently and it is still active: no database round trip, null otherwise.</summary>
    public ApiKey? RecentlyValidated(string? presented) =>
        Parse(presented) is var (scheme, prefix, secret) && cache.Key(prefix) is { } key && Matches(scheme, secret, key) && key.IsActiveAt(Now) ? key : null;

    /// <summary>Whether the text has the shape of a key of <paramref name="scope"/> (any scope when null); says nothing of whether it works.</summary>
    public static bool LooksLikeKey(string? text, ApiKeyScope? scope = null) =>
        Parse(text) is var (scheme, _, _) && (scope is null || scheme == SchemeOf(scope.Value));

    private static (string Scheme, string Prefix, string Secret)? Parse(string? presented) =>
        presented?.Trim().Split('_', 3) is [var scheme and ("ptl" or "pat"), { Length: 10 } prefix, { Length: > 0 } secret] ? (scheme, prefix, secret) : null;

    private static bool Matches(string scheme, string secret, ApiKey key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(key.SecretHash))
        && scheme == SchemeOf(key.Scope);

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
