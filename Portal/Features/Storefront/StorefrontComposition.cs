using Portal.Engine.Customers;
using Portal.Engine.Messaging;
using Portal.Engine.Storefront;

namespace Portal.Features.Storefront;

public static class StorefrontComposition
{
    /// <summary>The shop's own services: cart, checkout, address book, order history, shipment notices and the activity events (views, searches, cart adds).</summary>
    public static IServiceCollection AddStorefront(this IServiceCollection services)
    {
        services.AddScoped<CartService>();
        services.AddScoped<CheckoutService>();
        services.AddScoped<AddressBook>();
        services.AddScoped<OrderHistory>();
        services.AddScoped<ShipmentNotices>();
        services.AddSingleton<ActivityRecorder>();
        return services;
    }
}
