using Portal.Engine.Logistics;
using Portal.Engine.Ordering;
using Portal.Features.Logistics;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Logistics;

/// <summary>The shipping desk's whole-day date filters at the calendar's edges, through the engine and the database.</summary>
public sealed class PlacedDateRangeTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => _database.MigrateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public static TheoryData<DateTime?, DateTime?> EdgeDays => new()
    {
        { null, DateTime.MaxValue },
        { DateTime.MaxValue, DateTime.MaxValue },
        { DateTime.MaxValue.Date, null },
        { DateTime.MinValue, null },
        { DateTime.MinValue, DateTime.MinValue },
        { DateTime.MinValue, DateTime.MaxValue },
        { null, DateTime.MinValue },
        { new DateTime(9999, 12, 30), new DateTime(9999, 12, 31, 23, 59, 59) },
    };

    [Theory]
    [MemberData(nameof(EdgeDays))]
    public async Task Queue_filters_at_the_calendars_edges_query_without_overflow(DateTime? from, DateTime? to)
    {
        var filter = QueueFilter.Default with { From = from, To = to, Statuses = [] };
        Assert.Null(filter.RangeError);

        var query = filter.ToQuery(0, 25);
        var page = await new LogisticsService(new TestDbContextFactory(_database), TimeProvider.System, OrderCaches.Dark()).QueryAsync(query);

        Assert.Equal(0, page.Total);
        if (to is { } last && last.Date == DateTime.MaxValue.Date) Assert.Null(query.PlacedTo); // no day after the last one: open at the top
        if (from is { } first) Assert.Equal(DateTime.SpecifyKind(first.Date, DateTimeKind.Utc), query.PlacedFrom);
    }

    [Fact]
    public void The_end_of_a_day_is_the_start_of_the_next_except_for_the_last_day()
    {
        Assert.Equal(new DateTime(2026, 3, 4, 0, 0, 0, DateTimeKind.Utc), PlacedDateRange.EndOf(new DateTime(2026, 3, 3, 18, 0, 0)));
        Assert.Equal(new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc), PlacedDateRange.EndOf(new DateTime(9999, 12, 30)));
        Assert.Null(PlacedDateRange.EndOf(DateTime.MaxValue));
        Assert.Equal(DateTimeKind.Utc, PlacedDateRange.StartOf(DateTime.MinValue).Kind);
    }
}
