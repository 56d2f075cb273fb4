using Microsoft.Extensions.Caching.Memory;

namespace Portal.Engine.Data;

/// <summary>
/// Guards a cache of database rows against a read that races a change: every eviction moves the generation on,
/// and a copy read under an older <see cref="Ticket"/> is not kept. Take the ticket before reading the database,
/// store the copy, then check <see cref="IsCurrent"/> (after the store, so an eviction in between is not missed).
/// </summary>
public sealed class CacheGeneration
{
    private long _value;

    public Ticket Begin() => new(Interlocked.Read(ref _value));

    public void Advance() => Interlocked.Increment(ref _value);

    public bool IsCurrent(Ticket ticket) => Interlocked.Read(ref _value) == ticket.Generation;

    /// <summary>Stores a copy read under <paramref name="ticket"/>, and takes it out again if an eviction came since.</summary>
    public void Store<T>(MemoryCache cache, object key, T value, MemoryCacheEntryOptions entry, Ticket ticket)
    {
        cache.Set(key, value, entry);
        if (!IsCurrent(ticket)) cache.Remove(key);
    }

    public readonly record struct Ticket(long Generation);
}
