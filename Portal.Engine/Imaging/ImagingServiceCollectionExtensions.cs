using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Requests;

namespace Portal.Engine.Imaging;

public static class ImagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ImageProcessor"/> (with one <see cref="ImageWorkBudget"/>), <see cref="ImageRequestParser"/>, <see cref="CustomerImageRenderer"/> and <see cref="RenditionCache"/>
    /// (which also needs <c>AddObjectStore</c>) with the <c>Imaging</c> settings,
    /// validated now and at start-up (a wrong setting throws, naming it).
    /// </summary>
    public static IServiceCollection AddImaging(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ImagingOptions.Section);
        services.AddSingleton<IValidateOptions<ImagingOptions>, ImagingOptionsValidator>();
        services.AddOptions<ImagingOptions>().Bind(section).ValidateOnStart();
        var options = section.Get<ImagingOptions>() ?? new ImagingOptions();
        var result = new ImagingOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(ImagingOptions.Section, typeof(ImagingOptions), result.Failures);

        // One budget for the whole app: every processor and caller draws on the same slots.
        services.AddSingleton(sp => new ImageWorkBudget(sp.GetRequiredService<IOptions<ImagingOptions>>().Value, sp.GetService<TimeProvider>()));
        services.AddSingleton<ImageProcessor>();
        services.AddSingleton<ImageRequestParser>();
        services.AddSingleton<CustomerImageRenderer>(); // these two need AddObjectStore as well
        services.AddSingleton<RenditionCache>();
        return services;
    }
}
