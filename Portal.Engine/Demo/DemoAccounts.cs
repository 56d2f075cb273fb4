using Portal.Engine.Identity;

namespace Portal.Engine.Demo;

/// <summary>The demo sign-ins, one per role.</summary>
public static class DemoAccounts
{
    public sealed record Account(string Email, string Role, string DisplayName);

    public static readonly IReadOnlyList<Account> All =
    [
        new("admin@portal.local", Roles.Admin, "Ada Admin"),
        new("sales@portal.local", Roles.Sales, "Sam Sales"),
        new("logistics@portal.local", Roles.Logistics, "Lou Logistics"),
        new("analyst@portal.local", Roles.Analyst, "Ana Analyst"),
        new("customer@portal.local", Roles.Customer, "Cleo Customer"),
    ];

    public static Account For(string role) => All.Single(a => a.Role == role);
}
