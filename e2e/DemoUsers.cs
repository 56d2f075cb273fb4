namespace Portal.E2E;

/// <summary>The expected behaviour per demo role, written out by hand (not derived from app code).</summary>
public sealed record DemoUser(string Role, string Email, string LandingPath, string LandingTitle, string[] NavAreas)
{
    public const string Password = "Portal-demo-1";

    public static readonly IReadOnlyDictionary<string, DemoUser> ByRole = new[]
    {
        new DemoUser("Admin", "admin@portal.local", "/admin", "Administration",
            ["shop", "images", "catalog", "logistics", "analytics", "models", "admin"]),
        new DemoUser("Sales", "sales@portal.local", "/catalog", "Catalog", ["images", "catalog"]),
        new DemoUser("Logistics", "logistics@portal.local", "/logistics", "Logistics", ["logistics"]),
        new DemoUser("Analyst", "analyst@portal.local", "/analytics", "Analytics", ["analytics", "models"]),
        new DemoUser("Customer", "customer@portal.local", "/shop", "Shop", ["shop", "images"]),
    }.ToDictionary(u => u.Role);

    public static readonly string[] AllNavAreas = ["shop", "images", "catalog", "logistics", "analytics", "models", "admin"];

    public static TheoryData<string> Roles => new(ByRole.Keys);
}
