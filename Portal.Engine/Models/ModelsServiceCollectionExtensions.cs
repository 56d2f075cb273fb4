using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Predictions;
using Portal.Engine.Models.Serving;
using Portal.Engine.Models.Training;

namespace Portal.Engine.Models;

public static class ModelsServiceCollectionExtensions
{
    /// <summary>
    /// The image models feature (<c>Models:*</c>, validated at start-up): embeddings, datasets, training, the registry
    /// and serving. Each part registers itself in its own method called from here.
    /// </summary>
    public static IServiceCollection AddModels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelsOptions>().Bind(configuration.GetSection(ModelsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidator>();
        services.AddImageEmbeddings();
        services.AddModelDatasets();
        services.AddModelTraining();
        services.AddModelServing();
        services.AddModelPredictions();
        return services;
    }
}
