using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Engine.Analytics.Console;

public static class SqlConsoleServiceCollectionExtensions
{
    /// <summary>The SQL console's services (history, saved queries, the runner); the query engine is registered by the analytics engine's own Add.</summary>
    public static IServiceCollection AddSqlConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqlConsoleOptions>().Bind(configuration.GetSection(SqlConsoleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<QueryHistory>();
        services.AddScoped<SavedQueries>();
        services.AddScoped<SqlConsole>();
        return services;
    }
}
