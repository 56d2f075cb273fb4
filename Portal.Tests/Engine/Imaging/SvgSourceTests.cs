using System.Net;
using System.Net.Sockets;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Formats;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.TestImages;
using static Portal.Tests.Engine.Imaging.VipsSourceImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// SVG sources are rasterised by librsvg (through libvips) only for a request with edits, PNG unless a format is asked for; as
/// they are they are refused (their scripts would run on the portal's origin). The SVG's bytes and rendered pixels are limited,
/// it reads no file and fetches nothing, and its rendering is priced by the work budget.
/// </summary>
public sealed class SvgSourceTests : IDisposable
{
    private static readonly byte[] RedRectangle = Svg(20, 10, "<rect width=\"20\" height=\"10\" fill=\"red\"/>");
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    public void Dispose() => _processor.Dispose();

    [Fact]
    public async Task An_svg_with_edits_becomes_a_png_and_with_a_format_that_format()
    {
        var png = await _processor.ProcessAsync(RedRectangle, ImageProcessingTests.Request("""{"resize":{"width":40}}"""));
        Assert.Equal((ImageFormat.Png, 40, 20), (png.Format, png.Width, png.Height));
        using (var pixels = Decode(png.Content)) Assert.True(Near(Pixel(pixels, 20, 10), SKColors.Red), $"{Pixel(pixels, 20, 10)}");

        var jpeg = await _processor.ProcessAsync(RedRectangle, ImageProcessingTests.Request("""{"toFormat":"jpeg"}"""));
        Assert.Equal((ImageFormat.Jpeg, "image/jpeg", 20, 10), (jpeg.Format, jpeg.ContentType, jpeg.Width, jpeg.Height));
    }

    [Fact]
    public async Task An_svg_without_edits_is_refused_even_with_a_format()
    {
        foreach (var extra in new[] { "", ""","outputFormat":"png" """ })
        {
            var error = await Assert.ThrowsAsync<ImageRequestException>(() => _processor.ProcessAsync(RedRectangle, ImageProcessingTests.Request("{}", extra)));
            Assert.Equal((415, ImageErrorCodes.UnsupportedImageFormat), (error.Status, error.Code));
            Assert.Contains("SVG", error.Message);
        }
    }

    [Fact]
    public async Task An_svg_over_the_byte_limit_or_declaring_too_many_pixels_is_refused_before_rendering()
    {
        using var strict = new ImageProcessor(new ImagingOptions { MaxSvgBytes = 200, MaxSvgPixels = 10_000 });
        var padded = Svg(20, 10, "<rect width=\"20\" height=\"10\" fill=\"red\"/>" + new string(' ', 300));
        var bytes = await Assert.ThrowsAsync<ImageRequestException>(() => strict.ProcessAsync(padded, ImageProcessingTests.Request("""{"grayscale":true}""")));
        Assert.Equal((413, ImageErrorCodes.TooLargeImage), (bytes.Status, bytes.Code));
        Assert.Contains("200 bytes", bytes.Message);

        var huge = Svg(100_000, 100_000, "<rect width=\"10\" height=\"10\"/>");
        var pixels = await Assert.ThrowsAsync<ImageRequestException>(() => strict.ProcessAsync(huge, ImageProcessingTests.Request("""{"grayscale":true}""")));
        Assert.Equal((413, ImageErrorCodes.TooLargeImage), (pixels.Status, pixels.Code));
        Assert.Contains("100000x100000", pixels.Message);
    }

    [Fact]
    public async Task An_svg_image_element_draws_inline_data_but_never_reads_a_file()
    {
        var red = Png(Flat(10, 10, SKColors.Red));
        var file = Path.Combine(Path.GetTempPath(), $"svg-secret-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, red);
        try
        {
            // The same element with a data: URL draws (so the element works here); with file:// and a path nothing is read.
            var inline = Svg(10, 10, $"<image width=\"10\" height=\"10\" xlink:href=\"data:image/png;base64,{Convert.ToBase64String(red)}\"/>");
            Assert.True(Near(await CentreOfAsync(inline), SKColors.Red), "the data: image is drawn");
            foreach (var href in new[] { new Uri(file).AbsoluteUri, file, Path.GetFileName(file) })
            {
                var external = Svg(10, 10, $"<image width=\"10\" height=\"10\" xlink:href=\"{href}\"/><image width=\"10\" height=\"10\" href=\"{href}\"/>");
                Assert.True((await CentreOfAsync(external)).Alpha == 0, $"{href} was drawn");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_svg_embedding_a_decompression_bomb_is_drawn_without_it_or_refused()
    {
        var bomb = PngDeclaring(100_000, 100_000);
        var svg = Svg(10, 10, $"<image width=\"10\" height=\"10\" xlink:href=\"data:image/png;base64,{Convert.ToBase64String(bomb)}\"/>");
        try
        {
            Assert.True((await CentreOfAsync(svg)).Alpha == 0, "something of the bomb was drawn");
        }
        catch (ImageRequestException e)
        {
            Assert.InRange(e.Status, 400, 499);
        }
    }

    [Fact]
    public async Task An_svg_fetches_nothing_over_http()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var url = $"http://127.0.0.1:{port}/pixel.png";
            var svg = Svg(10, 10, $"<image width=\"10\" height=\"10\" xlink:href=\"{url}\"/><image width=\"10\" height=\"10\" href=\"{url}\"/>"
                                  + $"<rect width=\"10\" height=\"10\" style=\"fill:url({url}#p)\"/>");
            var centre = await CentreOfAsync(svg);
            Assert.False(listener.Pending(), "the renderer connected to the URL");
            Assert.Equal(0, centre.Alpha);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Rendering_an_svg_is_priced_above_decoding_a_png_of_the_same_size()
    {
        var request = ImageProcessingTests.Request("""{"grayscale":true}""", ""","outputFormat":"jpeg" """);
        var svg = Svg(1000, 800, "<rect width=\"1000\" height=\"800\" fill=\"red\"/>");
        var png = Png(Flat(1000, 800, SKColors.Red));
        var svgCost = ImageCostEstimate.For(svg, svg.Length, request, new ImagingOptions());
        var pngCost = ImageCostEstimate.For(png, png.Length, request, new ImagingOptions());
        Assert.Equal(1000L * 800, svgCost.DecodedPixels);
        Assert.True(svgCost.Units > pngCost.Units * 2, $"svg {svgCost.Units}, png {pngCost.Units}");
    }

    [Fact]
    public async Task An_svg_too_costly_for_the_callers_budget_is_refused()
    {
        var options = new ImagingOptions();
        options.Budget.Anonymous.MaxCost = 5;
        using var processor = new ImageProcessor(options);
        var svg = Svg(2000, 2000, "<rect width=\"2000\" height=\"2000\" fill=\"red\"/>");
        var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
            processor.ProcessAsync(svg, ImageProcessingTests.Request("""{"grayscale":true}"""), null, ImageCaller.Anonymous));
        Assert.Equal((413, ImageErrorCodes.TooExpensive), (error.Status, error.Code));
    }

    private async Task<SKColor> CentreOfAsync(byte[] svg)
    {
        var result = await _processor.ProcessAsync(svg, ImageProcessingTests.Request("""{"toFormat":"png"}"""));
        using var pixels = Decode(result.Content);
        return Pixel(pixels, pixels.Width / 2, pixels.Height / 2);
    }
}
