using Microsoft.EntityFrameworkCore;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;

namespace Portal.Tests.Infrastructure;

/// <summary>The events in a test database's outbox, read back as the typed events they were written as, in Sequence order.</summary>
public static class OutboxEvents
{
    public static async Task<List<IIntegrationEvent>> ReadAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var rows = await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Sequence).ToListAsync();
        return rows.Select(m =>
        {
            Assert.True(EventCatalog.TryRead(OutboxWriter.Envelope(m, EventEnvelope.DefaultSource), out var @event, out var problem), problem);
            return @event!;
        }).ToList();
    }

    public static async Task<List<T>> ReadAsync<T>(TestDatabase database) where T : IIntegrationEvent =>
        (await ReadAsync(database)).OfType<T>().ToList();

    /// <summary>The ids of the items CatalogItemChanged events name, in order.</summary>
    public static async Task<List<int>> ChangedItemsAsync(TestDatabase database) =>
        (await ReadAsync<CatalogItemChanged>(database)).Select(e => e.ItemId).ToList();
}
