using Portal.Engine.Customers;
using Portal.Engine.Storefront;

namespace Portal.Features.Storefront;

public static class StorefrontComposition
{
    /// <summary>The shop's own services: cart, checkout, address book, order history and shipment notices.</summary>
    public static IServiceCollection AddStorefront(this IServiceCollection services)
    {
        services.AddScoped<CartService>();
        services.AddScoped<CheckoutService>();
        services.AddScoped<AddressBook>();
        services.AddScoped<OrderHistory>();
        services.AddScoped<ShipmentNotices>();
        return services;
    }
}
