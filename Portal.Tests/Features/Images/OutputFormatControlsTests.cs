using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Processing;

namespace Portal.Tests.Features.Images;

/// <summary>The editor's output format choice: every format the handler writes here, as one keyboard-reachable radio group.</summary>
public sealed class OutputFormatControlsTests : ImageEditorTestContext
{
    [Fact]
    public void The_engine_writes_gif_tiff_avif_and_heif_here()
    {
        // The machine the suite runs on has libvips with its AV1 encoder (NetVips.Native): these four are offered.
        Assert.Subset(OutputFormats.WritableHere.ToHashSet(), new HashSet<ImageFormat> { ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Webp, ImageFormat.Gif, ImageFormat.Tiff, ImageFormat.Avif, ImageFormat.Heif });
    }

    [Fact]
    public async Task Every_writable_format_is_a_radio_of_one_group_reachable_by_keyboard()
    {
        var image = await UploadedAsync(80, 60);
        var page = RenderReady(image);

        var group = page.Find("[data-testid=format]");
        Assert.Equal("Output format", group.GetAttribute("aria-label"));
        var offered = page.FindAll("[data-testid^=format-]").Select(r => r.GetAttribute("data-testid")!["format-".Length..]).ToList();
        Assert.Equal(["source", .. OutputFormats.WritableHere.Select(f => f.Name())], offered);
        var inputs = offered.Select(name => Control(page, $"format-{name}")).ToList();
        Assert.All(inputs, input =>
        {
            // Native radios of one name: Tab reaches the group, the arrow keys move the choice, as browsers do for radios.
            Assert.Equal("radio", input.GetAttribute("type"));
            Assert.NotEqual("-1", input.GetAttribute("tabindex"));
            Assert.Null(input.GetAttribute("disabled"));
        });
        Assert.Single(inputs.Select(i => i.GetAttribute("name")).Distinct());
        Assert.Equal("GIF", page.Find("[data-testid=format-gif]").Closest("label")!.TextContent.Trim());
        Assert.Equal("WebP", page.Find("[data-testid=format-webp]").Closest("label")!.TextContent.Trim());
    }

    [Fact]
    public async Task Space_on_a_format_chooses_it()
    {
        var image = await UploadedAsync(80, 60);
        var page = RenderReady(image);

        page.Find("[data-testid=format-gif]").Closest("label")!.KeyDown(new KeyboardEventArgs { Key = " ", Code = "Space" });

        page.WaitForAssertion(() => Assert.Equal("gif", Text(page, "preview-format")), Patience);
        Assert.True(page.Find("[data-testid=format-gif]").HasAttribute("checked"));
    }

    [Theory]
    [InlineData("gif", false)]
    [InlineData("tiff", true)]
    [InlineData("avif", true)]
    [InlineData("heif", true)]
    public async Task Choosing_a_format_previews_it_and_offers_quality_only_where_it_applies(string format, bool hasQuality)
    {
        var image = await UploadedAsync(80, 60);
        var page = RenderReady(image);

        page.Find($"[data-testid=format-{format}]").Click();

        page.WaitForAssertion(() => Assert.Equal(format, Text(page, "preview-format")), Patience);
        WaitForPreview(page, "80 × 60 px");
        Assert.StartsWith($"data:image/{format};base64,", page.Find("[data-testid=preview-image]").GetAttribute("src"));
        Assert.Equal(!hasQuality, Control(page, "quality").HasAttribute("disabled"));
    }
}
