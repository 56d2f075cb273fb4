namespace Portal.Engine.Ordering;

/// <summary>Which status an order may move to: Placed -> Paid -> Shipped -> Completed, and Cancelled before shipping.</summary>
public static class OrderStateMachine
{
    public static bool CanPay(OrderStatus status) => status == OrderStatus.Placed;
    public static bool CanShip(OrderStatus status) => status == OrderStatus.Paid;
    public static bool CanComplete(OrderStatus status) => status == OrderStatus.Shipped;
    public static bool CanCancel(OrderStatus status) => status is OrderStatus.Placed or OrderStatus.Paid;

    public static string WhyNotShip(int orderId, OrderStatus status) => status switch
    {
        OrderStatus.Cancelled => $"Order {orderId} is cancelled and cannot be shipped.",
        OrderStatus.Placed => $"Order {orderId} is not paid yet and cannot be shipped.",
        _ => $"Order {orderId} is already {status.ToString().ToLowerInvariant()}; only paid orders can be shipped.",
    };

    public static string WhyNotComplete(int orderId, OrderStatus status) => status switch
    {
        OrderStatus.Completed => $"Order {orderId} is already completed.",
        OrderStatus.Cancelled => $"Order {orderId} is cancelled and cannot be completed.",
        _ => $"Order {orderId} is {status.ToString().ToLowerInvariant()}; only shipped orders can be completed.",
    };
}
