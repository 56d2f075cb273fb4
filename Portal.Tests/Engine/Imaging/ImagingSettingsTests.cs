using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Requests;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The Imaging settings are checked when registered, naming the wrong one.</summary>
public sealed class ImagingSettingsTests
{
    [Theory]
    [InlineData("Imaging:MaxInputBytes", "0")]
    [InlineData("Imaging:MaxInputPixels", "-1")]
    [InlineData("Imaging:MaxOutputWidth", "0")]
    [InlineData("Imaging:MaxOutputHeight", "70000")]
    [InlineData("Imaging:ProcessingTimeoutSeconds", "0")]
    [InlineData("Imaging:MaxConcurrentJobs", "0")]
    [InlineData("Imaging:DefaultQuality", "101")]
    [InlineData("Imaging:AllowedInputFormats", "jpeg,bmp")]
    [InlineData("Imaging:AllowedInputFormats", "jpeg,heic")]
    [InlineData("Imaging:MaxSvgBytes", "0")]
    [InlineData("Imaging:MaxSvgPixels", "-1")]
    [InlineData("Imaging:AllowedInputFormats", "")]
    [InlineData("Imaging:SystemCodecs", "Fast")]
    [InlineData("Imaging:Budget:Anonymous:MaxConcurrent", "0")]
    [InlineData("Imaging:Budget:SignedIn:QueueLimit", "-1")]
    [InlineData("Imaging:Budget:Internal:QueueTimeoutSeconds", "0")]
    [InlineData("Imaging:Budget:Anonymous:MaxCost", "-5")]
    public void A_wrong_setting_is_refused_naming_it(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddImaging(configuration));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void The_budget_settings_bind_per_class_and_the_unset_ones_keep_their_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Imaging:MaxConcurrentJobs"] = "6",
            ["Imaging:Budget:Anonymous:MaxConcurrent"] = "1",
            ["Imaging:Budget:Anonymous:MaxCost"] = "50",
        }).Build();
        using var provider = new ServiceCollection().AddImaging(configuration).BuildServiceProvider();
        var budget = provider.GetRequiredService<Portal.Engine.Imaging.Budget.ImageWorkBudget>();
        var options = provider.GetRequiredService<IOptions<ImagingOptions>>().Value.Budget;

        Assert.Equal((6, 6, 1), (budget.SlotsOf(Portal.Engine.Imaging.Budget.ImageCaller.Internal),
            budget.SlotsOf(Portal.Engine.Imaging.Budget.ImageCaller.SignedIn), budget.SlotsOf(Portal.Engine.Imaging.Budget.ImageCaller.Anonymous)));
        Assert.Equal((50.0, 16), (options.Anonymous.MaxCost, options.Anonymous.QueueLimit)); // the unset ones keep the class's defaults
        Assert.Equal(0, options.Internal.MaxCost);
    }

    [Fact]
    public void The_defaults_register_the_processor_and_the_parser()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Imaging:AutoWebp"] = "true" }).Build();
        using var provider = new ServiceCollection().AddImaging(configuration).BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<ImageProcessor>());
        Assert.True(provider.GetRequiredService<IOptions<ImagingOptions>>().Value.AutoWebp);
        Assert.Equal(Portal.Engine.Imaging.Formats.ImageFormat.Webp,
            provider.GetRequiredService<ImageRequestParser>().Parse("/a.jpg", "image/webp,*/*").OutputFormat);
    }
}
