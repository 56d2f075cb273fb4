using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Auditing;

public sealed class SqliteAuditQueueTests() : AuditQueueTests(DatabaseOptions.Sqlite);

public sealed class PostgresAuditQueueTests() : AuditQueueTests(DatabaseOptions.Postgres);

/// <summary>Queued audit entries land in the trail as written when queued, in batches, and none is left behind by a stop.</summary>
public abstract class AuditQueueTests(string provider) : ProviderSuite(provider)
{
    private static readonly DateTimeOffset QueuedAt = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task An_entry_keeps_the_time_and_origin_of_when_it_was_queued()
    {
        var database = await DatabaseAsync();
        var clock = new SteppingClock(QueuedAt);
        var queue = new AuditQueue(new TestDbContextFactory(database), clock, NullLogger<AuditQueue>.Instance);
        await queue.StartAsync(CancellationToken.None);
        using (AuditOrigin.Use(new AuditOrigin("203.0.113.9", "python-httpx/0.27")))
            await queue.EnqueueAsync(new AuditEvent(AuditSubjects.Query, "api", "QueryRun", "ana@example.com", Detail: "SELECT 1"));
        clock.Now = QueuedAt.AddHours(1); // written later, dated when queued

        var entry = await EventuallyAsync(database, 1);
        Assert.Equal(("ana@example.com", "QueryRun", "SELECT 1", "203.0.113.9", "python-httpx/0.27", QueuedAt.UtcDateTime),
            (entry[0].UserName, entry[0].Action, entry[0].Detail, entry[0].RemoteAddress, entry[0].UserAgent, entry[0].At));
        await queue.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task A_stop_writes_everything_queued_and_later_entries_are_written_at_once()
    {
        var database = await DatabaseAsync();
        var errors = new ErrorLog();
        var queue = new AuditQueue(new TestDbContextFactory(database), TimeProvider.System, errors);
        await queue.StartAsync(CancellationToken.None);
        for (var i = 0; i < AuditQueue.MaxBatch + 20; i++)
            await queue.EnqueueAsync(new AuditEvent(AuditSubjects.Query, "api", "QueryRun", "ana@example.com", Detail: $"SELECT {i}"));
        await queue.StopAsync(CancellationToken.None);
        Assert.Empty(errors.Messages);
        Assert.Equal(AuditQueue.MaxBatch + 20, await CountAsync(database));

        await queue.EnqueueAsync(new AuditEvent(AuditSubjects.Query, "api", "QueryRun", "ana@example.com", Detail: "after the stop"));
        Assert.Equal(AuditQueue.MaxBatch + 21, await CountAsync(database));
    }

    private static async Task<int> CountAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.AuditEntries.CountAsync();
    }

    private static async Task<List<AuditEntry>> EventuallyAsync(TestDatabase database, int count)
    {
        for (var tries = 0; ; tries++)
        {
            await using var db = database.NewContext();
            var entries = await db.AuditEntries.ToListAsync();
            if (entries.Count >= count || tries == 300) return entries;
            await Task.Delay(100);
        }
    }

    private sealed class ErrorLog : ILogger<AuditQueue>
    {
        public List<string> Messages { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages) Messages.Add($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }

    private sealed class SteppingClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
