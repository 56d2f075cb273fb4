using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition;

/// <summary>The app configured for PostgreSQL migrates an empty database at start-up, seeds it and serves it.</summary>
public sealed class PostgresStartupTests
{
    [SkippableFact]
    public async Task App_starts_on_an_empty_postgres_database_and_serves_every_role()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseOptions.Postgres);
        using var factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = database.ConnectionString,
        });

        var client = SignedInClient.Anonymous(factory);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await using (var db = database.NewContext())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(24, await db.CatalogItems.CountAsync());
            Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
        }

        foreach (var (role, landing) in new[] { (Roles.Sales, "/catalog"), (Roles.Logistics, "/logistics"), (Roles.Analyst, "/analytics"), (Roles.Customer, "/shop"), (Roles.Admin, "/admin") })
        {
            var signedIn = await SignedInClient.ForRoleAsync(factory, role);
            var response = await signedIn.GetAsync(landing);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
