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

    [SkippableFact]
    public async Task Two_instances_started_together_on_a_database_not_made_yet_make_migrate_and_seed_it_once()
    {
        await using var server = await TestDatabase.CreateAsync(DatabaseOptions.Postgres);
        // A database name nobody has made: the first instance makes it, as migrating would.
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = $"portal_new_{Guid.NewGuid():N}" }.ConnectionString;
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = connectionString,
        };
        using var first = new PortalAppFactory(settings);
        using var second = new PortalAppFactory(settings);

        // Both hosts start at once (creating a client starts the host, migrations and seeding included).
        await Task.WhenAll(Task.Run(() => first.CreateClient()), Task.Run(() => second.CreateClient()));

        foreach (var factory in new[] { first, second })
            Assert.Equal(HttpStatusCode.OK, (await SignedInClient.Anonymous(factory).GetAsync("/health/ready")).StatusCode);
        await using var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connectionString).Options);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(24, await db.CatalogItems.CountAsync());
        Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
        Assert.Equal(await db.Users.Select(u => u.NormalizedEmail).Distinct().CountAsync(), await db.Users.CountAsync());
    }
}
