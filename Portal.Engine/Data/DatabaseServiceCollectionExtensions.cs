using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PortalDbContext"/> (scoped) and <see cref="IDbContextFactory{PortalDbContext}"/>
    /// on the provider <c>Database:Provider</c> names. A wrong setting throws here, naming it.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(DatabaseOptions.Section);
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddOptions<DatabaseOptions>().Bind(section).ValidateOnStart();

        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        var result = new DatabaseOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), result.Failures);

        if (options.IsPostgres)
        {
            var connectionString = TunedPostgresConnectionString(options.ConnectionString!);
            services.AddPooledDbContextFactory<PostgresPortalDbContext>((sp, o) => DatabaseErrorLogging.Configure(o.UseNpgsql(connectionString), sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<IDbContextFactory<PortalDbContext>, UpcastFactory<PostgresPortalDbContext>>();
        }
        else
        {
            var connectionString = options.SqliteConnectionString(contentRoot);
            EnsureSqliteDirectory(connectionString);
            services.AddPooledDbContextFactory<SqlitePortalDbContext>((sp, o) => DatabaseErrorLogging.Configure(o.UseSqlite(connectionString), sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<IDbContextFactory<PortalDbContext>, UpcastFactory<SqlitePortalDbContext>>();
        }
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseChangeListener>());
        return services;
    }

    /// <summary>
    /// Defaults that matter under load, unless the connection string sets them: keep server-side prepared
    /// statements across pooled uses (no DISCARD ALL on every return, which made PostgreSQL re-plan each
    /// query) and prepare the hottest statements automatically. The app keeps no session state on connections.
    /// </summary>
    internal static string TunedPostgresConnectionString(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory) && dataSource != ":memory:") Directory.CreateDirectory(directory);
    }

    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
        where TContext : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
