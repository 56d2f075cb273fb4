using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Models.Registry;

namespace Portal.Engine.Models.Serving;

public static class ModelServingServiceCollectionExtensions
{
    /// <summary>The registry (deploy, rollback, listings), the endpoints' predictor, and the demo endpoint's start-up deployment.</summary>
    public static IServiceCollection AddModelServing(this IServiceCollection services)
    {
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<IModelRegistry>(sp => sp.GetRequiredService<ModelRegistry>());
        services.AddSingleton<EndpointPredictor>();
        services.AddSingleton<IEndpointPredictor>(sp => sp.GetRequiredService<EndpointPredictor>());
        services.AddSingleton<KeyedEmbeddings>();
        services.AddSingleton<DemoEndpointDeployment>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoEndpointDeployment>());
        return services;
    }
}
