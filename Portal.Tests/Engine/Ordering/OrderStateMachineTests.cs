using Microsoft.EntityFrameworkCore;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Ordering;

/// <summary>The state machine is the one source of allowed moves: the checks and the SQL guard agree for every pair.</summary>
public sealed class OrderStateMachineTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => _database.MigrateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public static TheoryData<OrderStatus, OrderStatus> AllPairs()
    {
        var pairs = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        foreach (var to in Enum.GetValues<OrderStatus>())
            pairs.Add(from, to);
        return pairs;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void The_guard_admits_exactly_the_allowed_moves(OrderStatus from, OrderStatus to)
    {
        var guard = OrderStateMachine.MayMoveTo(to).Compile();
        Assert.Equal(OrderStateMachine.CanMove(from, to), guard(new Order { Status = from, ShippingAddress = new() { Line1 = "1 Road", PostalCode = "1", City = "Town", Country = "DE" } }));
    }

    [Fact]
    public void The_named_checks_read_the_same_table()
    {
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            Assert.Equal(status == OrderStatus.Placed, OrderStateMachine.CanPay(status));
            Assert.Equal(status == OrderStatus.Paid, OrderStateMachine.CanShip(status));
            Assert.Equal(status == OrderStatus.Shipped, OrderStateMachine.CanComplete(status));
            Assert.Equal(status is OrderStatus.Placed or OrderStatus.Paid, OrderStateMachine.CanCancel(status));
        }
        Assert.Empty(OrderStateMachine.SourcesOf(OrderStatus.Placed));
    }

    [Fact]
    public async Task The_guard_runs_in_the_database_and_selects_the_orders_that_may_move()
    {
        var ids = new Dictionary<OrderStatus, int>();
        var template = await ShopData.PaidOrderAsync(_database);
        await using (var db = _database.NewContext())
        {
            var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == template);
            foreach (var status in Enum.GetValues<OrderStatus>())
            {
                var order = new Order
                {
                    CustomerId = paid.CustomerId, Status = status, PlacedAt = DateTime.UtcNow, Subtotal = 1m, Total = 1m,
                    ShippingAddress = paid.ShippingAddress with { },
                };
                db.Orders.Add(order);
                await db.SaveChangesAsync();
                ids[status] = order.Id;
            }
        }

        await using var read = _database.NewContext();
        foreach (var target in Enum.GetValues<OrderStatus>())
        {
            var query = read.Orders.Where(o => ids.Values.Contains(o.Id)).Where(OrderStateMachine.MayMoveTo(target));
            Assert.Contains("\"Status\"", query.ToQueryString());
            var movable = await query.Select(o => o.Status).ToListAsync();
            Assert.Equal(OrderStateMachine.SourcesOf(target).Order(), movable.Order());
        }
    }
}
