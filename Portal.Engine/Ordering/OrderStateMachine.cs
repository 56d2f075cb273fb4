using System.Linq.Expressions;

namespace Portal.Engine.Ordering;

/// <summary>
/// Which status an order may move to: Placed -> Paid -> Shipped -> Completed, and Cancelled before shipping.
/// The one source of the allowed moves: the checks in pages and the SQL guard of a conditional update
/// (<see cref="MayMoveTo"/>) are both read from <see cref="Transitions"/>.
/// </summary>
public static class OrderStateMachine
{
    /// <summary>For each status an order can move to, the statuses it may come from.</summary>
    public static readonly IReadOnlyDictionary<OrderStatus, IReadOnlyList<OrderStatus>> Transitions = new Dictionary<OrderStatus, IReadOnlyList<OrderStatus>>
    {
        [OrderStatus.Paid] = [OrderStatus.Placed],
        [OrderStatus.Shipped] = [OrderStatus.Paid],
        [OrderStatus.Completed] = [OrderStatus.Shipped],
        [OrderStatus.Cancelled] = [OrderStatus.Placed, OrderStatus.Paid],
    };

    /// <summary>The statuses an order may be in to move to <paramref name="target"/> (none for Placed: orders start there).</summary>
    public static IReadOnlyList<OrderStatus> SourcesOf(OrderStatus target) => Transitions.TryGetValue(target, out var sources) ? sources : [];

    public static bool CanMove(OrderStatus from, OrderStatus to) => SourcesOf(to).Contains(from);

    public static bool CanPay(OrderStatus status) => CanMove(status, OrderStatus.Paid);
    public static bool CanShip(OrderStatus status) => CanMove(status, OrderStatus.Shipped);
    public static bool CanComplete(OrderStatus status) => CanMove(status, OrderStatus.Completed);
    public static bool CanCancel(OrderStatus status) => CanMove(status, OrderStatus.Cancelled);

    /// <summary>
    /// The guard of a conditional update to <paramref name="target"/>: <c>o.Status == a || o.Status == b ...</c>
    /// with the statuses as constants, so the database gets a plain <c>WHERE "Status" IN (...)</c>.
    /// </summary>
    public static Expression<Func<Order, bool>> MayMoveTo(OrderStatus target)
    {
        var order = Expression.Parameter(typeof(Order), "o");
        var status = Expression.Property(order, nameof(Order.Status));
        var body = SourcesOf(target)
            .Select(source => (Expression)Expression.Equal(status, Expression.Constant(source)))
            .DefaultIfEmpty(Expression.Constant(false))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<Order, bool>>(body, order);
    }

    /// <summary>Why an order in <paramref name="status"/> cannot move to <paramref name="target"/>, in words for a person.</summary>
    public static string WhyNot(int orderId, OrderStatus status, OrderStatus target) => target switch
    {
        OrderStatus.Shipped => WhyNotShip(orderId, status),
        OrderStatus.Completed => WhyNotComplete(orderId, status),
        _ => $"Order {orderId} is {Word(status)} and cannot become {Word(target)}.",
    };

    public static string WhyNotShip(int orderId, OrderStatus status) => status switch
    {
        OrderStatus.Cancelled => $"Order {orderId} is cancelled and cannot be shipped.",
        OrderStatus.Placed => $"Order {orderId} is not paid yet and cannot be shipped.",
        _ => $"Order {orderId} is already {Word(status)}; only paid orders can be shipped.",
    };

    public static string WhyNotComplete(int orderId, OrderStatus status) => status switch
    {
        OrderStatus.Completed => $"Order {orderId} is already completed.",
        OrderStatus.Cancelled => $"Order {orderId} is cancelled and cannot be completed.",
        _ => $"Order {orderId} is {Word(status)}; only shipped orders can be completed.",
    };

    private static string Word(OrderStatus status) => status.ToString().ToLowerInvariant();
}
