using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Data;

/// <summary>A unique-key race the caller handles is logged as information; any other database failure stays an error.</summary>
public sealed class DatabaseErrorLoggingTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private readonly RecordingLoggers _logs = new();

    public Task InitializeAsync() => _database.MigrateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private SqlitePortalDbContext NewContext() => new(
        (DbContextOptions<SqlitePortalDbContext>)DatabaseErrorLogging.Configure(
            new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(_database.ConnectionString).UseLoggerFactory(_logs.Factory), _logs.Factory).Options);

    private static CatalogItem Item(string sku) => new() { Sku = sku, Name = "Race", Category = "Prints", Price = 1m, WeightGrams = 1, Stock = 1 };

    [Fact]
    public async Task A_unique_key_race_logs_no_error()
    {
        await using (var first = NewContext())
        {
            first.CatalogItems.Add(Item("RACE-1"));
            await first.SaveChangesAsync();
        }
        await using var second = NewContext();
        second.CatalogItems.Add(Item("RACE-1"));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
        Assert.True(UniqueViolation.Is(refused));

        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("unique index"));
    }

    [Fact]
    public async Task Any_other_database_failure_is_still_an_error()
    {
        await using var db = NewContext();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO \"NoSuchTable\" VALUES (1)"));

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error);
    }

    private sealed class RecordingLoggers : ILoggerProvider
    {
        public readonly List<(LogLevel Level, string Message)> Entries = [];
        public ILoggerFactory Factory { get; }

        public RecordingLoggers() => Factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void Dispose() { }

        private sealed class Recorder(RecordingLoggers owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Entries) owner.Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
