using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Engine.Models.Datasets;

public static class ModelDatasetsServiceCollectionExtensions
{
    /// <summary>Datasets, labels and versions (<see cref="ModelDatasets"/>, also as <see cref="IModelDatasets"/>).</summary>
    public static IServiceCollection AddModelDatasets(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ModelDatasets>();
        services.AddSingleton<IModelDatasets>(sp => sp.GetRequiredService<ModelDatasets>());
        return services;
    }
}
