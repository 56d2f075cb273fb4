namespace Portal.Engine.Storefront;

/// <summary>
/// A cart is priced, discounted and paid in one currency, and the shop converts none. An item priced in another
/// currency is refused when it is added; checkout refuses a cart that came to mix them (an item repriced meanwhile).
/// </summary>
public static class OneCurrencyPerCart
{
    public static string ItemRefused(string cartCurrency, string itemName, string itemCurrency) =>
        $"Your cart is in {cartCurrency} and {itemName} is priced in {itemCurrency}: check out or empty your cart before adding items in {itemCurrency}.";

    public static string MixedCartRefused(IReadOnlyList<string> currencies) =>
        $"Your cart mixes prices in {string.Join(", ", currencies.SkipLast(1))} and {currencies[^1]}, and an order is paid in one currency: "
        + "keep the items in one currency and remove the others to check out.";
}
