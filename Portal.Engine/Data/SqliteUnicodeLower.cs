using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Portal.Engine.Data;

/// <summary>
/// <see cref="UnicodeCase.Lower"/> on SQLite: a function of our own, defined on every connection as it opens, since
/// SQLite's lower() folds ASCII only and the bundled SQLite has no ICU.
/// </summary>
internal sealed class SqliteUnicodeLower : DbConnectionInterceptor
{
    private const string FunctionName = "unicode_lower";
    private static readonly SqliteUnicodeLower Instance = new();

    /// <summary>The options with this interceptor, however the context was configured (app, tests, design time).</summary>
    public static DbContextOptions<SqlitePortalDbContext> AddTo(DbContextOptions<SqlitePortalDbContext> options) =>
        options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(Instance) == true
            ? options
            : new DbContextOptionsBuilder<SqlitePortalDbContext>(options).AddInterceptors(Instance).Options;

    public static void Map(ModelBuilder builder) =>
        builder.HasDbFunction(typeof(UnicodeCase).GetMethod(nameof(UnicodeCase.Lower))!).HasName(FunctionName);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Define(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Define(connection);
        return Task.CompletedTask;
    }

    private static void Define(DbConnection connection) =>
        ((SqliteConnection)connection).CreateFunction(FunctionName, (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
}
