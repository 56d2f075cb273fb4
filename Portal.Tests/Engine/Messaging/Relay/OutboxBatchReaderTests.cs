using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Relay;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Relay.RelayHarness;

namespace Portal.Tests.Engine.Messaging.Relay;

public sealed class SqliteOutboxBatchReaderTests() : OutboxBatchReaderTests(DatabaseOptions.Sqlite);

public sealed class PostgresOutboxBatchReaderTests() : OutboxBatchReaderTests(DatabaseOptions.Postgres);

/// <summary>The relay's read while a batch's mark is running: every other unpublished row, oldest first, none being marked.</summary>
public abstract class OutboxBatchReaderTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task Leaves_out_the_batch_being_marked_and_reads_rows_among_and_before_it_first_then_the_rows_after_it()
    {
        var database = await DatabaseAsync();
        await EnqueueAsync(database, Counting(items: 12, perItem: 1), DateTime.UtcNow);
        await using var db = database.NewContext();
        var s = await db.OutboxMessages.OrderBy(m => m.Sequence).Select(m => m.Sequence).ToListAsync();
        // Being marked: the 3rd to the 8th but the 5th (the 1st, 2nd and 5th committed after that batch was read).
        long[] marking = [s[2], s[3], s[5], s[6], s[7]];
        await db.OutboxMessages.Where(m => m.Sequence == s[11]).ExecuteUpdateAsync(set => set.SetProperty(m => m.PublishedAt, DateTime.UtcNow));

        var read = await OutboxBatchReader.ReadAsync(db, marking, size: 5, CancellationToken.None);
        Assert.Equal([s[0], s[1], s[4], s[8], s[9]], read.Select(m => m.Sequence));
        var rest = await OutboxBatchReader.ReadAsync(db, marking, size: 50, CancellationToken.None);
        Assert.Equal([s[0], s[1], s[4], s[8], s[9], s[10]], rest.Select(m => m.Sequence)); // never a published one
        var few = await OutboxBatchReader.ReadAsync(db, marking, size: 2, CancellationToken.None);
        Assert.Equal([s[0], s[1]], few.Select(m => m.Sequence));
        Assert.Equal(s.Take(5), (await OutboxBatchReader.ReadAsync(db, [], size: 5, CancellationToken.None)).Select(m => m.Sequence));
    }
}
