using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Logistics;

/// <summary>
/// Orders as last read from the database, for the logistics API's hottest call. It serves reads only while
/// it is <see cref="IsLive"/>: while the <see cref="DatabaseChangeListener"/> hears the database's change
/// notifications, so a change made by any instance, or by hand in SQL, evicts the copy.
/// A <see cref="CacheGeneration"/> keeps a read that raced a change from parking a stale copy.
/// The copies are shared: callers must treat an order they get from here as read-only.
/// </summary>
public sealed class OrderReadCache : IDatabaseChangeSubscriber, IDisposable
{
    /// <summary>The tables whose announced changes concern cached orders (order lines are announced as their order).</summary>
    public const string OrdersTable = "orders", CustomersTable = "customers";

    private readonly MemoryCache _orders;
    private readonly MemoryCacheEntryOptions _entry;
    private readonly bool _enabled;
    private readonly CacheGeneration _generation = new();
    private long _hits;
    private long _misses;
    private volatile bool _live;

    public OrderReadCache(IOptions<OrderReadCacheOptions> options)
    {
        var settings = options.Value;
        _enabled = settings.Enabled;
        _orders = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.MaxOrders, CompactionPercentage = 0.25 });
        _entry = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(settings.LifetimeSeconds) };
    }

    /// <summary>Whether reads are served from memory now.</summary>
    public bool IsLive => _live;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    public int Count => _orders.Count;

    public bool TryGet(int orderId, out Order order)
    {
        if (_live && _orders.TryGetValue(orderId, out Order? cached) && cached is not null)
        {
            Interlocked.Increment(ref _hits);
            order = cached;
            return true;
        }
        if (_live) Interlocked.Increment(ref _misses);
        order = null!;
        return false;
    }

    /// <summary>Take before reading the database; hand it to <see cref="Store"/> with what was read.</summary>
    public CacheGeneration.Ticket BeginRead() => _generation.Begin();

    /// <summary>Keeps the order unless the cache is not live or anything was evicted since the ticket was taken.</summary>
    public void Store(CacheGeneration.Ticket ticket, Order order)
    {
        if (!_live) return;
        _generation.Store(_orders, order.Id, order, _entry, ticket);
    }

    public void Invalidate(int orderId)
    {
        _generation.Advance();
        _orders.Remove(orderId);
    }

    /// <summary>A customer's name or e-mail changed: it is part of every order of theirs.</summary>
    public void InvalidateCustomer(int customerId)
    {
        _generation.Advance();
        foreach (var key in _orders.Keys.ToList())
            if (_orders.TryGetValue(key, out Order? order) && order?.CustomerId == customerId) _orders.Remove(key);
    }

    /// <summary>Listening started (again): forget everything, since changes made while not listening were not heard.</summary>
    public void GoLive()
    {
        if (!_enabled) return;
        ForgetAll();
        _live = true;
    }

    /// <summary>Listening stopped: serve nothing from memory until it starts again.</summary>
    public void GoDark()
    {
        _live = false;
        ForgetAll();
    }

    void IDatabaseChangeSubscriber.Listening() => GoLive();

    void IDatabaseChangeSubscriber.NotListening() => GoDark();

    void IDatabaseChangeSubscriber.Changed(DatabaseChange change)
    {
        if (change.Table is not (OrdersTable or CustomersTable)) return;
        if (change.IsEverything) ForgetAll();
        else if (!int.TryParse(change.Key, out var id)) ForgetAll();
        else if (change.Table == OrdersTable) Invalidate(id);
        else InvalidateCustomer(id);
    }

    public void Dispose() => _orders.Dispose();

    public void ForgetAll()
    {
        _generation.Advance();
        _orders.Clear();
    }
}
