namespace Portal.Engine.Messaging;

/// <summary>
/// An outbox row the relay has not published yet. A trigger on the outbox adds one in the writer's transaction for every
/// row written (EF, multi-row INSERT or COPY alike), and the relay deletes it once the row is published: marking a batch
/// deletes narrow rows instead of writing a new version of every 1 KB outbox row and its index entries.
/// </summary>
public class OutboxPending
{
    public long Sequence { get; set; }
}
