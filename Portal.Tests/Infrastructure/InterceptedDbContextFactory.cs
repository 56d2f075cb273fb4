using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Engine.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>Fresh contexts on a test database, on its provider, that also run the given interceptors.</summary>
public sealed class InterceptedDbContextFactory(TestDatabase database, params IInterceptor[] interceptors) : IDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext() => database.Provider switch
    {
        DatabaseOptions.Sqlite => new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(database.ConnectionString).AddInterceptors(interceptors).Options),
        _ => new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>()
            .UseNpgsql(database.ConnectionString).AddInterceptors(interceptors).Options),
    };
}
