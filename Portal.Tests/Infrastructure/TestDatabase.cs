using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Engine.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>A fresh, empty database on one provider, migrated by the app's own migrations, dropped on dispose.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string Provider { get; }
    public abstract string ConnectionString { get; }
    public abstract PortalDbContext NewContext();

    public async Task MigrateAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public abstract ValueTask DisposeAsync();

    public static async Task<TestDatabase> CreateAsync(string provider) => provider switch
    {
        DatabaseOptions.Sqlite => new SqliteTestDatabase(),
        DatabaseOptions.Postgres => await PostgresTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portal-sqlite-").FullName;

    public override string Provider => DatabaseOptions.Sqlite;
    public override string ConnectionString => $"Data Source={Path.Combine(_directory, "portal.db")}";

    public override PortalDbContext NewContext() =>
        new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(ConnectionString).Options);

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database of its own on the throwaway server that scripts/test.sh starts and names in
/// PORTAL_TEST_POSTGRES (a role allowed to create databases).
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "PORTAL_TEST_POSTGRES";
    private readonly string _server;
    private readonly string _name;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        _name = name;
    }

    public override string Provider => DatabaseOptions.Postgres;
    public override string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = PeerRequirement.Require(Variable, "PostgreSQL");
        var name = $"portal_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new PostgresTestDatabase(server, name);
    }

    public override PortalDbContext NewContext() =>
        new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(ConnectionString).Options);

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
