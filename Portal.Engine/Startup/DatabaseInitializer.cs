using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Identity;

namespace Portal.Engine.Startup;

/// <summary>
/// Brings the database to the current schema, ensures the roles exist and seeds demo data; on PostgreSQL one instance
/// at a time (<see cref="StartupLock"/>), so instances started together find the work done instead of repeating it.
/// </summary>
public static class DatabaseInitializer
{
    public static async Task InitializePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<PortalDbContext>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await using var startup = await StartupLock.AcquireAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Migrations}", pending.Count, db.Database.ProviderName, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }

        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        await provider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
    }
}
