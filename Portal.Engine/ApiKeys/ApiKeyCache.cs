using Microsoft.Extensions.Caching.Memory;
using Portal.Engine.Data;

namespace Portal.Engine.ApiKeys;

/// <summary>
/// Keeps recently validated keys (and what they sign in as) in memory for <see cref="Lifetime"/>, so a
/// busy API client does not cost database round trips on every call. Revoking on this instance evicts at
/// once; on PostgreSQL every other instance hears of a revocation, or of a change to a user's roles, from
/// the database within milliseconds. <see cref="Lifetime"/> bounds how stale a copy gets when nothing is heard
/// (SQLite is one instance; a dropped listening connection).
/// </summary>
public sealed class ApiKeyCache : IDatabaseChangeSubscriber, IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Announced tables: revocations of keys (by prefix) and changes to users' roles (by user id).</summary>
    public const string ApiKeysTable = "api_keys", UserRolesTable = "user_roles";

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly CacheGeneration _generation = new();
    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime };

    public ApiKey? Key(string prefix) => _cache.Get<ApiKey>(KeyEntry(prefix));

    /// <summary>Take before reading a key or its user from the database; a revocation meanwhile voids what was read.</summary>
    public CacheGeneration.Ticket BeginRead() => _generation.Begin();

    public void Remember(CacheGeneration.Ticket ticket, ApiKey key) => Set(ticket, KeyEntry(key.Prefix), key);

    public T? Principal<T>(string prefix) where T : class => _cache.Get<T>(PrincipalEntry(prefix));

    public void RememberPrincipal<T>(CacheGeneration.Ticket ticket, string prefix, T principal) where T : class =>
        Set(ticket, PrincipalEntry(prefix), principal);

    public void Forget(string prefix)
    {
        _generation.Advance();
        _cache.Remove(KeyEntry(prefix));
        _cache.Remove(PrincipalEntry(prefix));
    }

    public void ForgetAll()
    {
        _generation.Advance();
        _cache.Clear();
    }

    void IDatabaseChangeSubscriber.Listening() => ForgetAll();

    void IDatabaseChangeSubscriber.NotListening() { } // copies still expire after Lifetime

    void IDatabaseChangeSubscriber.Changed(DatabaseChange change)
    {
        if (change.Table == ApiKeysTable && !change.IsEverything) Forget(change.Key);
        else if (change.Table is ApiKeysTable or UserRolesTable) ForgetAll(); // roles are part of every cached principal
    }

    public void Dispose() => _cache.Dispose();

    private void Set<T>(CacheGeneration.Ticket ticket, string entry, T value) => _generation.Store(_cache, entry, value, Entry, ticket);

    private static string KeyEntry(string prefix) => $"key:{prefix}";
    private static string PrincipalEntry(string prefix) => $"principal:{prefix}";
}
