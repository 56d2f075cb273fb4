using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;

namespace Portal.Engine.Analytics.Athena;

public static class AthenaServiceCollectionExtensions
{
    /// <summary>
    /// The query executions behind the Athena-compatible API: their store, result files and the background runner, with
    /// <c>Analytics:AthenaApi</c> settings; the database is the lake's (<c>Analytics:Lake:Database</c>). Needs an <see cref="Query.IAnalyticsQueryEngine"/> and an object store.
    /// </summary>
    public static IServiceCollection AddAthenaExecutions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AthenaApiOptions>().Bind(configuration.GetSection(AthenaApiOptions.Section))
            .Configure<IOptions<LakeOptions>>((o, lake) => o.Database = lake.Value.Database).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AthenaApiOptions>, AthenaApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AthenaExecutionStore>();
        services.AddSingleton<AthenaResultFiles>();
        services.AddSingleton<AthenaQueryRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<AthenaQueryRunner>());
        return services;
    }
}
