using Portal.Engine.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.ApiKeys;

/// <summary>The one time a new key is visible: its full text, to copy into the caller's tool.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>
/// Issues, lists, revokes and checks API keys. A key reads <c>ptl_{prefix}_{secret}</c>; the prefix
/// finds the row, the secret is compared by its SHA-256 hash in constant time.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<PortalDbContext> dbFactory, ApiKeyCache cache, TimeProvider clock)
{
    public const int MaxActiveKeysPerUser = 10;
    private const string Scheme = "ptl";

    public async Task<(CreatedApiKey? Created, string? Error)> CreateAsync(string userId, string? name, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 80) return (null, "Give the key a name of 1 to 80 characters, e.g. the tool that will use it.");
        if (ControlCharacters.Error("The name", name) is { } controlError) return (null, controlError);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.CountAsync(k => k.UserId == userId && k.RevokedAt == null, cancellationToken) >= MaxActiveKeysPerUser)
            return (null, $"You have {MaxActiveKeysPerUser} active keys; revoke one first.");

        var prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey { UserId = userId, Name = name, Prefix = prefix, SecretHash = Hash(secret), CreatedAt = Now };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (new CreatedApiKey(key, $"{Scheme}_{prefix}_{secret}"), null);
    }

    public async Task<List<ApiKey>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId).OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the user's own keys; false when it is not theirs or does not exist.</summary>
    public async Task<bool> RevokeAsync(string userId, int keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);
        if (key is null) return false;
        key.RevokedAt ??= Now;
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(key.Prefix);
        return true;
    }

    /// <summary>The active key the text names, or null for anything malformed, unknown or revoked.</summary>
    public async Task<ApiKey?> ValidateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (Parse(presented) is not var (prefix, secret)) return null;
        var key = cache.Key(prefix);
        if (key is null)
        {
            var ticket = cache.BeginRead();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
            if (key is null || key.RevokedAt is not null) return null;
            if (!Matches(secret, key)) return null;
            // Recorded when the key is (re)loaded, at most every cache lifetime, not on every call.
            key.LastUsedAt = Now;
            await db.SaveChangesAsync(cancellationToken);
            cache.Remember(ticket, key);
            return key;
        }
        return Matches(secret, key) ? key : null;
    }

    /// <summary>The key, when the text names one this instance validated recently: no database round trip, null otherwise.</summary>
    public ApiKey? RecentlyValidated(string? presented) =>
        Parse(presented) is var (prefix, secret) && cache.Key(prefix) is { } key && Matches(secret, key) ? key : null;

    private static (string Prefix, string Secret)? Parse(string? presented) =>
        presented?.Trim().Split('_', 3) is [Scheme, { Length: 10 } prefix, { Length: > 0 } secret] ? (prefix, secret) : null;

    private static bool Matches(string secret, ApiKey key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(key.SecretHash));

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
