using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Engine.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>The test provider, unless a real <see cref="IPaymentProvider"/> was registered first.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.TryAddSingleton<IPaymentProvider, TestPaymentProvider>();
        return services;
    }
}
