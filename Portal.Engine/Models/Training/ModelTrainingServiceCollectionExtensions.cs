using Microsoft.Extensions.DependencyInjection;

namespace Portal.Engine.Models.Training;

public static class ModelTrainingServiceCollectionExtensions
{
    /// <summary>Training jobs: <see cref="IModelTraining"/>, the trainer, the job queries for the pages, and the background runner.</summary>
    public static IServiceCollection AddModelTraining(this IServiceCollection services)
    {
        services.AddSingleton<IModelTraining, ModelTraining>();
        services.AddSingleton<TrainingQueries>();
        services.AddScoped<ModelTrainer>();
        services.AddSingleton<TrainingRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<TrainingRunner>());
        return services;
    }
}
