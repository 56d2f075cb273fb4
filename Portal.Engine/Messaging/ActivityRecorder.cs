using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Messaging;

/// <summary>
/// Records the storefront's streaming data (views, searches, cart adds) in the outbox, each in its own small write with no
/// business transaction around it. It never fails the page: when the database refuses, the event is logged and dropped.
/// A visitor is the signed-in user (the shop needs a sign-in), so one shopper's clicks keep their order.
/// </summary>
public sealed class ActivityRecorder(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<ActivityRecorder> logger)
{
    public Task ProductViewedAsync(string userId, int itemId, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new ProductViewed(userId, userId, itemId), cancellationToken);

    public Task SearchMadeAsync(string userId, string query, int resultCount, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new SearchMade(userId, userId, query.Length > 200 ? query[..200] : query, resultCount), cancellationToken);

    public Task AddedToCartAsync(string userId, int itemId, int quantity, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new AddedToCart(userId, userId, itemId, quantity), cancellationToken);

    private async Task RecordAsync(string userId, IIntegrationEvent activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId)) return; // nobody to attribute it to
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            OutboxWriter.Enqueue(db, activity, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Activity event {Type} about {Subject} was not recorded", EventCatalog.Describe(activity).Type, activity.Subject);
        }
    }
}
