using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Engine.Messaging.Log.Kafka;

namespace Portal.Bench.Events;

/// <summary>
/// The portal's own services as the app registers them (database, event log, relay, worker, ...), built from settings in
/// memory, with their hosted services started by hand: one instance of the app without its web part.
/// </summary>
public sealed class PortalStack : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly List<IHostedService> started = [];

    private PortalStack(ServiceProvider provider) => this.provider = provider;

    public IServiceProvider Services => provider;

    /// <param name="settings">Configuration keys as the app's (Database:..., Events:..., ...).</param>
    /// <param name="register">The AddXxx calls beyond database and event log.</param>
    public static async Task<PortalStack> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> register,
        CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        services.AddEmbeddedEventLog(configuration);
        services.AddKafkaEventLog(configuration);
        register(services, configuration);
        var stack = new PortalStack(services.BuildServiceProvider());
        foreach (var hosted in stack.provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(cancellationToken);
            stack.started.Add(hosted);
        }
        return stack;
    }

    /// <summary>A fresh PostgreSQL database on the server of PORTAL_TEST_POSTGRES (scripts/peers/postgres.sh), schema by the migrations.</summary>
    public static async Task<string> NewPostgresDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PORTAL_TEST_POSTGRES is not set (source scripts/peers/postgres.sh && pg_start)");
        var database = $"bench_{name.Replace('-', '_')}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        await using var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connectionString).Options);
        await db.Database.MigrateAsync(cancellationToken); // the migrations, not just the model: the outbox's trigger is in one
        return connectionString;
    }

    /// <summary>A fresh SQLite database file, schema by the migrations.</summary>
    public static async Task<string> NewSqliteDatabaseAsync(CancellationToken cancellationToken)
    {
        var connectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"portal-bench-{Guid.NewGuid():N}.db")}";
        await using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(connectionString).Options);
        await db.Database.MigrateAsync(cancellationToken); // the migrations, not just the model: the outbox's trigger is in one
        return connectionString;
    }

    public static Dictionary<string, string?> Settings(string provider, string connectionString, string? kafka) => new()
    {
        ["Database:Provider"] = provider,
        ["Database:ConnectionString"] = connectionString,
        ["Events:Log"] = kafka is null ? "Embedded" : "Kafka",
        ["Events:Kafka:BootstrapServers"] = kafka,
        ["Events:Kafka:ClientId"] = "portal-bench",
        ["Events:Kafka:SessionTimeout"] = "00:00:06",
        ["Events:Kafka:HeartbeatInterval"] = "00:00:01",
    };

    public async ValueTask DisposeAsync()
    {
        started.Reverse();
        foreach (var hosted in started)
        {
            try { await hosted.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token); }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException) { }
        }
        await provider.DisposeAsync();
    }
}
