using Microsoft.Extensions.Caching.Memory;

namespace Portal.Engine.ApiKeys;

/// <summary>
/// Keeps recently validated keys (and what they sign in as) in memory for <see cref="Lifetime"/>, so a
/// busy API client does not cost database round trips on every call. Revoking on this instance evicts
/// at once; other instances behind the load balancer notice within <see cref="Lifetime"/>.
/// </summary>
public sealed class ApiKeyCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public ApiKey? Key(string prefix) => cache.Get<ApiKey>(KeyEntry(prefix));

    public void Remember(ApiKey key) => cache.Set(KeyEntry(key.Prefix), key, Lifetime);

    public T? Principal<T>(int keyId) where T : class => cache.Get<T>(PrincipalEntry(keyId));

    public void RememberPrincipal<T>(int keyId, T principal) where T : class => cache.Set(PrincipalEntry(keyId), principal, Lifetime);

    public void Forget(ApiKey key)
    {
        cache.Remove(KeyEntry(key.Prefix));
        cache.Remove(PrincipalEntry(key.Id));
    }

    private static string KeyEntry(string prefix) => $"api-key:{prefix}";
    private static string PrincipalEntry(int keyId) => $"api-key-principal:{keyId}";
}
