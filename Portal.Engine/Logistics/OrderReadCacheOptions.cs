using System.ComponentModel.DataAnnotations;

namespace Portal.Engine.Logistics;

/// <summary>Settings under <c>Logistics:OrderCache</c>: the in-memory copy of orders the logistics API reads.</summary>
public sealed class OrderReadCacheOptions
{
    public const string Section = "Logistics:OrderCache";

    /// <summary>
    /// Serve repeated order reads from memory. Only takes effect on PostgreSQL, whose change notifications
    /// tell every instance when an order changes; on SQLite every read goes to the database.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many orders one instance keeps at most (an order with a few lines takes one to two kilobytes).</summary>
    [Range(100, 10_000_000)] public int MaxOrders { get; set; } = 20_000;

    /// <summary>How long a copy is kept even if no change is announced (a safety net, not the mechanism).</summary>
    [Range(1, 86_400)] public int LifetimeSeconds { get; set; } = 600;
}
