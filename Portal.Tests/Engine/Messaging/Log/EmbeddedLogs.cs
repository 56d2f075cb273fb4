using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Log;

/// <summary>Embedded logs over a test database, each instance standing for a process of its own.</summary>
public static class EmbeddedLogs
{
    /// <summary>Quick membership for tests: heartbeats every 100 ms, a member gone after 3 s of silence.</summary>
    public static EmbeddedEventLogOptions TestOptions() => new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        SessionTimeout = TimeSpan.FromSeconds(3),
        PollInterval = TimeSpan.FromMilliseconds(50),
    };

    public static async Task<EmbeddedEventLog> OpenAsync(TestDatabase database, EmbeddedEventLogOptions? options = null,
        TimeProvider? clock = null, IDbContextFactory<PortalDbContext>? contexts = null)
    {
        if (database.Provider == DatabaseOptions.Sqlite)
        {
            // As the app runs it (DatabaseInitializer): readers and the writer do not block each other.
            await using var db = database.NewContext();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        return new EmbeddedEventLog(contexts ?? new TestDbContextFactory(database), Options.Create(options ?? TestOptions()),
            clock ?? TimeProvider.System, NullLogger<EmbeddedEventLog>.Instance);
    }
}

/// <summary>A context factory that fails while <see cref="Down"/> is set, as a process that lost its database would.</summary>
public sealed class SeveredContexts(TestDatabase database) : IDbContextFactory<PortalDbContext>
{
    public volatile bool Down;

    public PortalDbContext CreateDbContext() =>
        Down ? throw new TimeoutException("The database cannot be reached (severed by the test).") : database.NewContext();
}

/// <summary>The real time, but timers that never fire: a wait ends only when something wakes it.</summary>
public sealed class TimersThatNeverFire : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();

    private sealed class Never : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>The real time shifted by <see cref="Shift"/>.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
}
