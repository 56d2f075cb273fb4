using Portal.Engine.Ordering;
using Portal.Features.Logistics;

namespace Portal.Tests.Features.Logistics;

/// <summary>How the queue's filter becomes the engine's query: whole days, both ends included, in UTC.</summary>
public sealed class QueueFilterTests
{
    [Fact]
    public void Default_is_paid_orders_oldest_first()
    {
        var query = QueueFilter.Default.ToQuery(page: 2, pageSize: 25);

        Assert.Equal([OrderStatus.Paid], query.Statuses);
        Assert.True(query.OldestFirst);
        Assert.Equal((2, 25), (query.Page, query.PageSize));
        Assert.Null(query.PlacedFrom);
        Assert.Null(query.PlacedTo);
        Assert.True(QueueFilter.Default.IsDefault);
    }

    [Fact]
    public void Date_range_includes_the_whole_last_day_in_utc()
    {
        var filter = QueueFilter.Default with { From = new DateTime(2026, 3, 1, 15, 0, 0), To = new DateTime(2026, 3, 3), Search = "  Berlin " };

        var query = filter.ToQuery(0, 50);

        Assert.Equal(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), query.PlacedFrom);
        Assert.Equal(new DateTime(2026, 3, 4, 0, 0, 0, DateTimeKind.Utc), query.PlacedTo);
        Assert.Equal(DateTimeKind.Utc, query.PlacedTo!.Value.Kind);
        Assert.Equal("Berlin", query.Search);
        Assert.Null(filter.RangeError);
        Assert.False(filter.IsDefault);
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused()
    {
        var filter = QueueFilter.Default with { From = new DateTime(2026, 3, 5), To = new DateTime(2026, 3, 4) };

        Assert.Equal("'To' must be on or after 'From'.", filter.RangeError);
    }

    [Fact]
    public void Filters_with_the_same_statuses_are_equal()
    {
        Assert.Equal(QueueFilter.Default with { Statuses = [OrderStatus.Paid, OrderStatus.Shipped] },
                     QueueFilter.Default with { Statuses = [OrderStatus.Paid, OrderStatus.Shipped] });
        Assert.NotEqual(QueueFilter.Default, QueueFilter.Default with { Statuses = [] });
    }
}
