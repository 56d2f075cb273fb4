using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Catalog;

/// <summary>
/// The catalog's events, added to the outbox of the unit of work that makes the change, so they commit with it. Every writer
/// locks the item (its version-guarded UPDATE, or checkout's conditional decrement) no later than this row is inserted, so
/// per item the outbox's order is the order the changes were committed in.
/// </summary>
internal static class CatalogOutbox
{
    public const string ByEdit = "edit", ByImport = "import", ByCheckout = "checkout";

    /// <summary>CatalogItemChanged, then StockChanged when the stock moved.</summary>
    public static void Changed(PortalDbContext db, int itemId, CatalogChange change, string user, int stockBefore, int stockAfter,
        string reason, DateTime now)
    {
        OutboxWriter.Enqueue(db, new CatalogItemChanged(itemId, change, user), now);
        if (stockAfter != stockBefore) StockMoved(db, itemId, stockAfter, stockAfter - stockBefore, reason, now);
    }

    public static void StockMoved(PortalDbContext db, int itemId, int stock, int delta, string reason, DateTime now) =>
        OutboxWriter.Enqueue(db, new StockChanged(itemId, stock, delta, reason), now);
}
