using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging;

public sealed class SqliteActivityRecorderTests() : ActivityRecorderTests(DatabaseOptions.Sqlite);

public sealed class PostgresActivityRecorderTests() : ActivityRecorderTests(DatabaseOptions.Postgres);

/// <summary>The storefront's streaming data goes to the outbox without a transaction, and never fails the page.</summary>
public abstract class ActivityRecorderTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task Views_searches_and_cart_adds_are_written_to_the_outbox_keyed_by_the_shopper()
    {
        var database = await DatabaseAsync();
        var recorder = new ActivityRecorder(new TestDbContextFactory(database), TimeProvider.System, new ListLogger());

        await recorder.SearchMadeAsync("user-1", "poster", 3);
        await recorder.ProductViewedAsync("user-1", 42);
        await recorder.AddedToCartAsync("user-1", 42, 2);
        await recorder.ProductViewedAsync("", 42); // nobody signed in: nothing to attribute

        Assert.Equal<IIntegrationEvent>(
            [new SearchMade("user-1", "user-1", "poster", 3), new ProductViewed("user-1", "user-1", 42), new AddedToCart("user-1", "user-1", 42, 2)],
            await OutboxEvents.ReadAsync(database));
        await using var db = database.NewContext();
        Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal((EventFamilies.Activity, "user-1"), (m.Family, m.Key)));
    }

    [SkippableFact]
    public async Task When_the_database_refuses_the_event_is_logged_and_dropped_and_the_page_goes_on()
    {
        var database = await DatabaseAsync();
        var logger = new ListLogger();
        var recorder = new ActivityRecorder(new BrokenFactory(), TimeProvider.System, logger);

        await recorder.ProductViewedAsync("user-1", 42);

        Assert.Equal((LogLevel.Warning, "Activity event portal.activity.product-viewed.v1 about catalog/42 was not recorded"), Assert.Single(logger.Entries));
        Assert.Empty(await OutboxEvents.ReadAsync(database));
    }

    private sealed class BrokenFactory : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => throw new InvalidOperationException("The database cannot be reached.");
    }

    private sealed class ListLogger : ILogger<ActivityRecorder>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
