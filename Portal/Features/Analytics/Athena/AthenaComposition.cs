using Portal.Engine.Analytics.Athena;

namespace Portal.Features.Analytics.Athena;

public static class AthenaComposition
{
    /// <summary>The Athena-compatible endpoint: its operations and the query executions behind them (<c>Analytics:AthenaApi</c>).</summary>
    public static IServiceCollection AddAthenaApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAthenaExecutions(configuration);
        services.AddSingleton<AthenaResultToken>();
        services.AddScoped<AthenaOperations>();
        return services;
    }
}
