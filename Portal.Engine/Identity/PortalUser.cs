using Microsoft.AspNetCore.Identity;

namespace Portal.Engine.Identity;

public class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>When an administrator deactivated the account; a deactivated account cannot sign in.</summary>
    public DateTime? DeactivatedAt { get; set; }
    /// <summary>When an administrator created the account (null for the demo's and the provider's accounts).</summary>
    public DateTime? InvitedAt { get; set; }
}

/// <summary>The roles of the portal; each maps to the areas it may use.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Sales = "Sales";
    public const string Logistics = "Logistics";
    public const string Analyst = "Analyst";
    public const string Customer = "Customer";

    public static readonly IReadOnlyList<string> All = [Admin, Sales, Logistics, Analyst, Customer];
}
