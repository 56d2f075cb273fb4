using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Worker;

namespace Portal.Engine.Images.Processing;

public static class ImageProcessingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ImageProcessingHandler"/> as an <see cref="IEventBatchHandler"/> (the batch worker invokes it with the
    /// images topic) with the <c>Images:Processing</c> settings, validated at start-up. Needs the object store, imaging and the database.
    /// </summary>
    public static IServiceCollection AddImageProcessing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ImageProcessingOptions>, ImageProcessingOptionsValidator>();
        services.AddOptions<ImageProcessingOptions>().Bind(configuration.GetSection(ImageProcessingOptions.Section)).ValidateOnStart();
        services.AddSingleton<ImageProcessingHandler>();
        services.AddSingleton<IEventBatchHandler>(sp => sp.GetRequiredService<ImageProcessingHandler>());
        return services;
    }
}
