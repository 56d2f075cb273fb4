using Microsoft.EntityFrameworkCore;

namespace Portal.Engine.Data;

/// <summary>Whether a failed save was refused by a unique index, on either provider.</summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException e) =>
        e is not DbUpdateConcurrencyException && e.InnerException switch
        {
            Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067, // SQLITE_CONSTRAINT_UNIQUE
            Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
            _ => false,
        };
}
