using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Portal.Engine.Data;

namespace Portal.Engine.Startup;

/// <summary>
/// Lets one instance at a time migrate, create the roles and seed a PostgreSQL database, so that instances started
/// together (an auto-scaling group's first launch, a compose stack) do not seed the same rows twice: a session-level
/// advisory lock, held on one connection of the initializer's context until disposed. EF Core's own migration lock
/// covers only the migrations. SQLite is one process's file: nothing to take.
/// </summary>
internal sealed class StartupLock : IAsyncDisposable
{
    // The advisory lock's key, 0x706F7274616C7374: "portalst" in ASCII, recognisable in pg_locks.
    private const string Lock = "SELECT pg_advisory_lock(8101820098839081844)";
    private const string Unlock = "SELECT pg_advisory_unlock(8101820098839081844)";

    private readonly PortalDbContext? db;

    private StartupLock(PortalDbContext? db) => this.db = db;

    public static async Task<StartupLock> AcquireAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql()) return new StartupLock(null);
        // The lock needs a session in the database, which migrating would otherwise create: made here, by whichever
        // instance is first (another one making it at the same moment is fine).
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try { await creator.CreateAsync(cancellationToken); }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation) { }
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(Lock, cancellationToken);
        return new StartupLock(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (db is null) return;
        try { await db.Database.ExecuteSqlRawAsync(Unlock); }
        finally { await db.Database.CloseConnectionAsync(); } // closing the session releases it anyway
    }
}
