namespace Portal.Engine.Storefront;

/// <summary>An item in a shopper's cart; kept in the database so the cart survives reloads and devices.</summary>
public class CartLine
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public int CatalogItemId { get; set; }
    public int Quantity { get; set; }
    public DateTime AddedAt { get; set; }
}
