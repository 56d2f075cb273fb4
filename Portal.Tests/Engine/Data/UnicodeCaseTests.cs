using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Data;

public sealed class SqliteUnicodeCaseTests() : UnicodeCaseTests(DatabaseOptions.Sqlite);

public sealed class PostgresUnicodeCaseTests() : UnicodeCaseTests(DatabaseOptions.Postgres);

/// <summary>UnicodeCase.Lower in queries, on the contexts the app itself registers (pooled), on every provider.</summary>
public abstract class UnicodeCaseTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task Lower_folds_capitals_beyond_ascii_in_the_database_as_dotnet_does()
    {
        var database = await DatabaseAsync();
        var shopper = (await ShopData.ShoppersAsync(database, 1)).Single();
        await using (var db = database.NewContext())
            await db.Customers.Where(c => c.UserId == shopper).ExecuteUpdateAsync(s => s.SetProperty(c => c.FullName, "Öznur ÉLODIE Ångström-Łukasz"));
        var settings = new Dictionary<string, string?> { ["Database:Provider"] = database.Provider, ["Database:ConnectionString"] = database.ConnectionString };
        await using var services = new ServiceCollection().AddLogging()
            .AddPortalDatabase(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.GetTempPath())
            .BuildServiceProvider();
        var contexts = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

        // Twice: the second context comes back from the pool.
        for (var i = 0; i < 2; i++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            Assert.Equal("öznur élodie ångström-łukasz", await db.Customers.Where(c => c.UserId == shopper).Select(c => UnicodeCase.Lower(c.FullName)).SingleAsync());
        }
    }
}
