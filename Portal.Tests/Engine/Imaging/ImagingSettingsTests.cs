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
    [InlineData("Imaging:AllowedInputFormats", "jpeg,svg")]
    [InlineData("Imaging:AllowedInputFormats", "jpeg,avif")]
    [InlineData("Imaging:AllowedInputFormats", "")]
    [InlineData("Imaging:SystemCodecs", "Fast")]
    public void A_wrong_setting_is_refused_naming_it(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddImaging(configuration));
        Assert.Contains(key, error.Message);
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
