namespace Portal.Tests.Infrastructure;

/// <summary>
/// A test class that runs on one database provider: a fresh database, migrated by the app's own
/// migrations, made on first use (so a missing PostgreSQL skips or fails the test, not the class) and dropped after.
/// </summary>
public abstract class ProviderSuite(string provider) : IAsyncLifetime
{
    private TestDatabase? _database;

    protected async Task<TestDatabase> DatabaseAsync()
    {
        if (_database is null)
        {
            _database = await TestDatabase.CreateAsync(provider);
            await _database.MigrateAsync();
        }
        return _database;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
