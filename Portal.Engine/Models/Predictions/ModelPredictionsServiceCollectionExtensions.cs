using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Engine.Messaging.Worker;

namespace Portal.Engine.Models.Predictions;

public static class ModelPredictionsServiceCollectionExtensions
{
    /// <summary>
    /// Predictions in the product: auto-tags (<see cref="ImageTagger"/>, the worker's <see cref="ImageTaggingHandler"/> and the
    /// re-tagger <see cref="TagRevisionWatcher"/>), the gallery's tag reader, similar images and Sales' category suggestion.
    /// Needs the embeddings (<c>IImageEmbeddings</c>, <c>IImageEmbedder</c>) and serving (<c>IEndpointPredictor</c>).
    /// </summary>
    public static IServiceCollection AddModelPredictions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ImageTagger>();
        services.AddSingleton<ImageRetagger>();
        services.AddSingleton<ImageTagReader>();
        services.AddSingleton<SimilarImageFinder>();
        services.AddSingleton<CategorySuggester>();
        services.AddSingleton<ImageTaggingHandler>();
        services.AddSingleton<IEventBatchHandler>(sp => sp.GetRequiredService<ImageTaggingHandler>());
        services.AddSingleton<TagRevisionWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<TagRevisionWatcher>());
        return services;
    }
}
