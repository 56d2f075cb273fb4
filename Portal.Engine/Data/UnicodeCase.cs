namespace Portal.Engine.Data;

/// <summary>
/// Lower case of every letter, for case-insensitive search in queries. The databases' own lower() folds ASCII only
/// (SQLite always, PostgreSQL under the C locale), so "özdemir" would not find "Özdemir".
/// </summary>
public static class UnicodeCase
{
    /// <summary>
    /// In a query this runs in the database (<see cref="SqliteUnicodeLower"/>, <see cref="PostgresPortalDbContext"/>)
    /// and lowers as this does, so compare it with text lowered by <see cref="string.ToLowerInvariant()"/>.
    /// </summary>
    public static string Lower(string text) => text.ToLowerInvariant();
}
