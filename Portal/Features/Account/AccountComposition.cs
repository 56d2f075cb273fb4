namespace Portal.Features.Account;

public static class AccountComposition
{
    /// <summary>The account feature's own services: linking OIDC provider users to portal accounts.</summary>
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddScoped<ExternalAccounts>();
        return services;
    }
}
