using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Portal.Engine.Data;

namespace Portal.Engine.Analytics.Access;

/// <summary>
/// Analysts' keys that recently signed a bearer request in, with what they sign in as, for <see cref="Lifetime"/>: a
/// script calling the query API in a loop does not cost half a dozen database round trips per call (the key, its
/// user, the user's roles and claims, "last used"). Only a hash of the secret is kept; a request with any other secret
/// goes to the database. Revoking or re-issuing a key on this instance evicts it at once; a change to users' roles
/// announced by PostgreSQL evicts every entry; <see cref="Lifetime"/> bounds how stale a copy gets otherwise (a
/// revocation on another instance, a lockout), as <c>ApiKeyCache</c> does for the other API keys.
/// </summary>
public sealed class AnalystKeyCache : IDatabaseChangeSubscriber, IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly CacheGeneration generation = new();
    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime };

    /// <summary>What a key signs in as: its claims, and the hash of the secret that was verified against the database.</summary>
    public sealed record SignIn(byte[] SecretHash, IReadOnlyList<Claim> Claims)
    {
        /// <summary>When this instance last recorded the key's use (so it does not write on every request).</summary>
        public DateTimeOffset RecordedUseAt { get; set; }
    }

    /// <summary>The key's remembered sign-in when <paramref name="secret"/> is the secret it was verified with; otherwise null.</summary>
    public SignIn? Find(string accessKeyId, string secret) =>
        cache.Get<SignIn>(accessKeyId) is { } signIn && CryptographicOperations.FixedTimeEquals(signIn.SecretHash, Hash(secret)) ? signIn : null;

    /// <summary>Take before reading the key or its user from the database; an eviction meanwhile voids what was read.</summary>
    public CacheGeneration.Ticket BeginRead() => generation.Begin();

    public SignIn Remember(CacheGeneration.Ticket ticket, string accessKeyId, string secret, IReadOnlyList<Claim> claims, DateTimeOffset recordedUseAt)
    {
        var signIn = new SignIn(Hash(secret), claims) { RecordedUseAt = recordedUseAt };
        generation.Store(cache, accessKeyId, signIn, Entry, ticket);
        return signIn;
    }

    public void Forget(string accessKeyId)
    {
        generation.Advance();
        cache.Remove(accessKeyId);
    }

    public void ForgetAll()
    {
        generation.Advance();
        cache.Clear();
    }

    void IDatabaseChangeSubscriber.Listening() => ForgetAll();

    void IDatabaseChangeSubscriber.NotListening() { } // copies still expire after Lifetime

    void IDatabaseChangeSubscriber.Changed(DatabaseChange change)
    {
        if (change.Table == Portal.Engine.ApiKeys.ApiKeyCache.UserRolesTable) ForgetAll(); // roles are part of every remembered sign-in
    }

    public void Dispose() => cache.Dispose();

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
