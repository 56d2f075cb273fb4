using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Images.Processing;
using Portal.Engine.Imaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Images;

/// <summary>The image worker's settings are checked (naming the setting) and its handler is what the batch worker finds.</summary>
public sealed class ImageProcessingSettingsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(new SqliteTestDatabase()));
        services.AddObjectStore(configuration, Path.GetTempPath());
        services.AddImaging(configuration);
        services.AddImageProcessing(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void The_handler_is_registered_for_the_batch_worker_on_the_images_topic()
    {
        using var provider = Build([]);

        var handler = Assert.Single(provider.GetServices<IEventBatchHandler>());

        Assert.IsType<ImageProcessingHandler>(handler);
        Assert.Equal("images-processing", handler.Name);
        Assert.Equal([EventFamilies.Images], handler.Families);
        Assert.Same(provider.GetRequiredService<ImageProcessingHandler>(), handler);
    }

    [Theory]
    [InlineData("Quality", "0", "Images:Processing:Quality")]
    [InlineData("ThumbnailSide", "8", "Images:Processing:ThumbnailSide")]
    [InlineData("WebSide", "100000", "Images:Processing:WebSide")]
    [InlineData("DuplicateDistance", "40", "Images:Processing:DuplicateDistance")]
    public void A_wrong_setting_is_refused_naming_it(string key, string value, string named)
    {
        using var provider = Build(new() { [$"Images:Processing:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ImageProcessingOptions>>().Value);

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Near_and_far_pictures_by_their_hash()
    {
        Assert.Equal(0, PerceptualHash.Distance(0x0F0F, 0x0F0F));
        Assert.Equal(64, PerceptualHash.Distance(0, -1));
        Assert.Equal(3, PerceptualHash.Distance(0b1011, 0b1100));
    }
}
