using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Engine.Identity.Administration;
using Portal.Features.Admin.Audit;

namespace Portal.Features.Admin;

/// <summary>How long a link that sets a password (invitation, forced reset) works: <c>Users:PasswordLinkLifetime</c>.</summary>
public sealed class PasswordLinkOptions
{
    public const string Section = "Users";
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    public TimeSpan PasswordLinkLifetime { get; set; } = TimeSpan.FromHours(72);
}

public static class AdministrationComposition
{
    /// <summary>The audit trail (writer, viewer) and the user administration, with the lifetime of password links.</summary>
    public static IServiceCollection AddAdministration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddUserAdministration();
        services.AddOptions<PasswordLinkOptions>().Bind(configuration.GetSection(PasswordLinkOptions.Section))
            .Validate(o => o.PasswordLinkLifetime > TimeSpan.Zero && o.PasswordLinkLifetime <= PasswordLinkOptions.Longest,
                $"{PasswordLinkOptions.Section}:PasswordLinkLifetime must be more than zero and at most {PasswordLinkOptions.Longest.TotalDays} days (e.g. 3.00:00:00).")
            .ValidateOnStart();
        services.AddOptions<DataProtectionTokenProviderOptions>()
            .Configure<IOptions<PasswordLinkOptions>>((tokens, links) => tokens.TokenLifespan = links.Value.PasswordLinkLifetime);
        return services;
    }

    public static IEndpointRouteBuilder MapAdministration(this IEndpointRouteBuilder app) => app.MapAuditExport();
}
