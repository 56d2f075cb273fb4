using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Log;

public sealed class SqliteEmbeddedEventLogContractTests() : EmbeddedEventLogContractTests(DatabaseOptions.Sqlite);

public sealed class PostgresEmbeddedEventLogContractTests() : EmbeddedEventLogContractTests(DatabaseOptions.Postgres);

/// <summary>The event log contract on the embedded log, on each database; every opened log is another process on one database.</summary>
public abstract class EmbeddedEventLogContractTests(string provider) : EventLogContract
{
    private TestDatabase? _database;

    protected override async Task<IEventLog> OpenLogAsync()
    {
        if (_database is null)
        {
            _database = await TestDatabase.CreateAsync(provider);
            await _database.MigrateAsync();
        }
        return await EmbeddedLogs.OpenAsync(_database);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
