using System.Security.Claims;
using MudBlazor;
using Portal.Engine.Catalog;
using Portal.Engine.Ordering;

namespace Portal.Features.Storefront;

/// <summary>The signed-in shopper's id, as the engine keys carts and orders by it.</summary>
public static class ShopUser
{
    public static string? IdOf(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}

/// <summary>What a shopper is told about stock: plenty, a few left, or none.</summary>
public static class StockState
{
    /// <summary>At or below this many units the shop says "Only N left".</summary>
    public const int LowStock = 5;

    public static string Label(int stock) => stock <= 0 ? "Sold out" : stock <= LowStock ? $"Only {stock} left" : "In stock";

    public static Color Color(int stock) => stock <= 0 ? MudBlazor.Color.Error : stock <= LowStock ? MudBlazor.Color.Warning : MudBlazor.Color.Success;
}

public enum ShopSort { NameAscending, NameDescending, PriceAscending, PriceDescending }

/// <summary>What the shopper is browsing: search, category, sort and page, as a catalog query of active items.</summary>
public sealed record ShopFilter(string? Search = null, string? Category = null, ShopSort Sort = ShopSort.NameAscending, int Page = 0)
{
    public const int PageSize = 12;

    public static readonly IReadOnlyList<(ShopSort Sort, string Label)> Sorts =
    [
        (ShopSort.NameAscending, "Name A–Z"),
        (ShopSort.NameDescending, "Name Z–A"),
        (ShopSort.PriceAscending, "Price: low to high"),
        (ShopSort.PriceDescending, "Price: high to low"),
    ];

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Search) || !string.IsNullOrWhiteSpace(Category);

    public CatalogQuery ToQuery() => new()
    {
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        Category = string.IsNullOrWhiteSpace(Category) ? null : Category,
        Status = CatalogStatusFilter.Active,
        Sort = Sort is ShopSort.PriceAscending or ShopSort.PriceDescending ? CatalogSort.Price : CatalogSort.Name,
        Descending = Sort is ShopSort.NameDescending or ShopSort.PriceDescending,
        Page = Page,
        PageSize = PageSize,
    };

    /// <summary>Whether a shopper may see and buy the item at all.</summary>
    public static bool IsSold(CatalogItem item) => item.IsActive && item.ArchivedAt is null;
}

/// <summary>Colours and icons of an order's status, the same in the shop and at the shipping desk.</summary>
public static class OrderStatusView
{
    public static Color Color(OrderStatus status) => status switch
    {
        OrderStatus.Placed => MudBlazor.Color.Default,
        OrderStatus.Paid => MudBlazor.Color.Info,
        OrderStatus.Shipped => MudBlazor.Color.Primary,
        OrderStatus.Completed => MudBlazor.Color.Success,
        _ => MudBlazor.Color.Error,
    };

    public static string Icon(OrderStatus status) => status switch
    {
        OrderStatus.Placed => Icons.Material.Filled.ReceiptLong,
        OrderStatus.Paid => Icons.Material.Filled.Payments,
        OrderStatus.Shipped => Icons.Material.Filled.LocalShipping,
        OrderStatus.Completed => Icons.Material.Filled.TaskAlt,
        _ => Icons.Material.Filled.Cancel,
    };
}

/// <summary>One step of an order's way: Placed, Paid, Shipped, Completed (or Cancelled), with when it happened.</summary>
public sealed record TimelineStep(OrderStatus Status, DateTime? At)
{
    public bool Done => At is not null;

    public static IReadOnlyList<TimelineStep> For(Order order)
    {
        var steps = new List<TimelineStep>
        {
            new(OrderStatus.Placed, order.PlacedAt),
            new(OrderStatus.Paid, order.PaidAt),
        };
        if (order.Status == OrderStatus.Cancelled)
        {
            steps.Add(new(OrderStatus.Cancelled, order.CancelledAt ?? order.UpdatedAt));
            return steps;
        }
        steps.Add(new(OrderStatus.Shipped, order.ShippedAt));
        steps.Add(new(OrderStatus.Completed, order.CompletedAt));
        return steps;
    }
}

/// <summary>The currency a cart is priced in (all items share one; EUR when the cart is empty).</summary>
public static class CartCurrency
{
    public static string Of(Portal.Engine.Storefront.CartView cart) => cart.Currency;
}
