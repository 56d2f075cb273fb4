using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Relay;

/// <summary>How many events wait in the outbox for the relay.</summary>
public static class OutboxBacklog
{
    public static Task<int> CountAsync(PortalDbContext db, CancellationToken cancellationToken = default) =>
        OutboxBatchReader.WaitingAsync(db, cancellationToken);
}
