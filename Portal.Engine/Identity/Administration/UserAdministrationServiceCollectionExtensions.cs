using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Engine.Auditing;

namespace Portal.Engine.Identity.Administration;

public static class UserAdministrationServiceCollectionExtensions
{
    /// <summary>The audit trail's writer and reader, and the administration of accounts (needs Identity's UserManager).</summary>
    public static IServiceCollection AddUserAdministration(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditQueue>());
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<AccountPasswords>();
        services.AddScoped<IUserConfirmation<PortalUser>, ActiveAccountConfirmation>();
        services.Configure<IdentityOptions>(identity => identity.SignIn.RequireConfirmedAccount = true);
        return services;
    }
}
