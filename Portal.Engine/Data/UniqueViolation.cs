using Microsoft.EntityFrameworkCore;

namespace Portal.Engine.Data;

/// <summary>Whether a failed save (or a failed command) was refused by a unique index, on either provider.</summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException e) => e is not DbUpdateConcurrencyException && IsUniqueRefusal(e.InnerException);

    /// <summary>The same for any exception: a failed save, or the provider's own exception for a failed command.</summary>
    public static bool Is(Exception e) => e is DbUpdateException update ? Is(update) : IsUniqueRefusal(e);

    private static bool IsUniqueRefusal(Exception? e) => e switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067, // SQLITE_CONSTRAINT_UNIQUE
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
