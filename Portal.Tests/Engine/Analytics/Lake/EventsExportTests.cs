using Microsoft.EntityFrameworkCore;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

public sealed class SqliteEventsExportTests() : EventsExportTests(DatabaseOptions.Sqlite);

public sealed class PostgresEventsExportTests() : EventsExportTests(DatabaseOptions.Postgres);

/// <summary>The events table over many months: one Parquet writer open at a time, and each month's file as before.</summary>
public abstract class EventsExportTests(string provider) : ProviderSuite(provider)
{
    private const int Months = 14;

    [SkippableFact]
    public async Task Events_spread_over_many_months_are_written_month_by_month_with_one_writer_open()
    {
        await using var lake = new LakeFixture(await DatabaseAsync());
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // In sequence order the months interleave (and a late straggler lands in an early month), as outbox rows do.
        await AddEventsAsync(lake.Database, Enumerable.Range(0, 140).Select(i => start.AddMonths(i * 5 % Months).AddDays(i % 27).AddMinutes(i)));

        var first = await lake.NewExporter(lake.Store).ExportAsync(1, _ => { }, CancellationToken.None);

        Assert.Equal(1, first.MostWritersOpen);
        var manifest = (await lake.Manifests.CurrentAsync())!;
        await AssertEachMonthHoldsItsEventsInSequenceOrderAsync(lake, manifest);
        var events = manifest.Table("events")!.Partitions;
        Assert.Equal(Months, events.Count);
        Assert.All(events, p => Assert.Single(p.Files));
        // Files are uploaded in month order, as when every month's writer was finished at the end.
        var numbers = events.Select(p => int.Parse(p.Files.Single().Key[^12..^8], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);

        // A later run appends a file to each month its new events fall in; the other months keep theirs.
        await AddEventsAsync(lake.Database, [start.AddMonths(3).AddDays(2), start.AddMonths(1).AddDays(5), start.AddMonths(3).AddDays(1), start.AddMonths(Months)]);
        var second = await lake.NewExporter(lake.Store).ExportAsync(2, _ => { }, CancellationToken.None);

        Assert.Equal(1, second.MostWritersOpen);
        var after = (await lake.Manifests.CurrentAsync())!;
        await AssertEachMonthHoldsItsEventsInSequenceOrderAsync(lake, after);
        var appended = after.Table("events")!.Partitions.Where(p => p.Files.Count > 1).Select(p => p.Value).ToList();
        Assert.Equal([$"month={start.AddMonths(1):yyyy-MM}", $"month={start.AddMonths(3):yyyy-MM}"], appended);
        Assert.Equal(Months + 1, after.Table("events")!.Partitions.Count);
        Assert.Equal(144, after.Table("events")!.Rows);
    }

    /// <summary>Every event is in its month's partition, and within each file events are in sequence order.</summary>
    private static async Task AssertEachMonthHoldsItsEventsInSequenceOrderAsync(LakeFixture lake, LakeManifest manifest)
    {
        await using var db = lake.Database.NewContext();
        var stored = await db.OutboxMessages.Select(m => new { m.Sequence, m.OccurredAt }).ToListAsync();
        foreach (var partition in manifest.Table("events")!.Partitions)
        {
            var read = new List<long>();
            foreach (var file in partition.Files)
            {
                var rows = await LakeFixture.DuckDbAsync($"SELECT sequence FROM read_parquet('{await lake.PathOfAsync(file.Key)}')");
                var sequences = rows.Select(r => Convert.ToInt64(r[0])).ToList();
                Assert.Equal(sequences.Order(), sequences);
                read.AddRange(sequences);
            }
            Assert.Equal(stored.Where(m => $"month={m.OccurredAt:yyyy-MM}" == partition.Value).Select(m => m.Sequence).Order(), read.Order());
        }
        Assert.Equal(stored.Count, manifest.Table("events")!.Rows);
    }

    private static async Task AddEventsAsync(TestDatabase database, IEnumerable<DateTime> times)
    {
        await using var db = database.NewContext();
        foreach (var at in times)
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                EventId = Guid.NewGuid(), Family = "orders", Key = "order-1", Type = "portal.orders.completed.v1", Subject = "orders/1",
                Payload = """{"OrderId":1}""", OccurredAt = at,
            });
            await db.SaveChangesAsync(); // one at a time: sequences follow this order
        }
    }
}
