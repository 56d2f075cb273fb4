using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Models.Consent;

namespace Portal.Engine.Models.Embeddings;

public static class EmbeddingsServiceCollectionExtensions
{
    /// <summary>
    /// ResNet18 embeddings (one embedder per process, loaded on first use), their store, the worker's
    /// <see cref="ImageEmbeddingHandler"/>, the start-up backfill, and customers' training
    /// consents. Needs the object store, image spaces, the database and the batch worker.
    /// </summary>
    public static IServiceCollection AddImageEmbeddings(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResNet18Embedder>();
        services.AddSingleton<IImageEmbedder>(sp => sp.GetRequiredService<ResNet18Embedder>());
        services.AddSingleton<ImageEmbeddings>();
        services.AddSingleton<IImageEmbeddings>(sp => sp.GetRequiredService<ImageEmbeddings>());
        services.AddSingleton<EmbeddingBackfill>();
        services.AddSingleton<EmbeddingBackfillRuns>();
        services.AddSingleton<EmbeddingBackfillService>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddingBackfillService>());
        services.AddSingleton<ImageEmbeddingHandler>();
        services.AddSingleton<IEventBatchHandler>(sp => sp.GetRequiredService<ImageEmbeddingHandler>());
        services.AddSingleton<ImageTrainingConsents>();
        return services;
    }
}
