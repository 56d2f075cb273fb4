using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Formats;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.TestImages;
using static Portal.Tests.Engine.Imaging.VipsSourceImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// TIFF (both byte orders) and AVIF sources: recognised by their magic bytes, their declared size read from the header (TIFF's
/// first IFD, AVIF's ispe) and checked against the pixel limit before libvips decodes a pixel, turned upright by TIFF's
/// orientation tag, and priced by the work budget.
/// </summary>
public sealed class TiffAvifSourceTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    public void Dispose() => _processor.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tiff_header_gives_its_size_in_either_byte_order(bool bigEndian)
    {
        var tiff = Tiff(Quadrants(24, 10), bigEndian);
        Assert.Equal(new ImageHeader(ImageFormat.Tiff, 24, 10), ImageHeader.Read(tiff));
    }

    [Fact]
    public void An_avif_header_gives_the_size_of_its_ispe()
    {
        var avif = Avif(Quadrants(48, 32));
        Assert.Equal(ImageFormat.Avif, ImageHeader.Sniff(avif, out _));
        Assert.Equal(new ImageHeader(ImageFormat.Avif, 48, 32), ImageHeader.Read(avif));
    }

    [Fact]
    public void Heic_is_still_no_source_and_says_so()
    {
        byte[] heic = [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8];
        Assert.Null(ImageHeader.Sniff(heic, out var description));
        Assert.Contains("HEIC", description);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_or_damaged_tiff_header_reads_as_none(bool bigEndian)
    {
        var tiff = Tiff(Quadrants(24, 10), bigEndian);
        foreach (var length in new[] { 4, 8, 9, 10, 20, 60 })
            Assert.Null(ImageHeader.Read(tiff.AsSpan(0, length)));
        var farIfd = (byte[])tiff.Clone();
        farIfd[4] = farIfd[5] = farIfd[6] = farIfd[7] = 0x7F; // the directory beyond the end
        Assert.Null(ImageHeader.Read(farIfd));
        var manyEntries = (byte[])tiff.Clone();
        manyEntries[8] = manyEntries[9] = 0xFF; // 65535 entries: runs past the end
        Assert.Null(ImageHeader.Read(manyEntries));
        var zeroWidth = Tiff(Quadrants(24, 10), bigEndian);
        var widthEntry = 10; // the first entry is ImageWidth (tag 256), its LONG value at +8
        zeroWidth[widthEntry + 8] = zeroWidth[widthEntry + 9] = zeroWidth[widthEntry + 10] = zeroWidth[widthEntry + 11] = 0;
        Assert.Null(ImageHeader.Read(zeroWidth));
    }

    [Fact]
    public void A_truncated_or_damaged_avif_header_reads_as_none()
    {
        var avif = Avif(Quadrants(48, 32));
        var ispe = avif.AsSpan().IndexOf("ispe"u8);
        Assert.True(ispe > 0);
        foreach (var length in new[] { 12, 16, 24, 40, ispe, ispe + 8 })
            Assert.Null(ImageHeader.Read(avif.AsSpan(0, length)));
        var hugeBox = (byte[])avif.Clone();
        var meta = avif.AsSpan().IndexOf("meta"u8);
        hugeBox[meta - 4] = 0x7F; // the meta box claims 2 GB
        Assert.Null(ImageHeader.Read(hugeBox));
        var zeroSize = (byte[])avif.Clone();
        zeroSize[ispe + 8] = zeroSize[ispe + 9] = zeroSize[ispe + 10] = zeroSize[ispe + 11] = 0;
        Assert.Null(ImageHeader.Read(zeroSize));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tiff_source_is_decoded_edited_and_kept_as_tiff(bool bigEndian)
    {
        var tiff = Tiff(Quadrants(80, 40), bigEndian);
        var grey = await _processor.ProcessAsync(tiff, ImageProcessingTests.Request("""{"flop":true}""", ""","outputFormat":"png" """));
        using (var pixels = Decode(grey.Content))
        {
            Assert.Equal((80, 40), (pixels.Width, pixels.Height));
            Assert.True(Near(Pixel(pixels, 2, 2), TopRight), $"top-left is {Pixel(pixels, 2, 2)}");
            Assert.True(Near(Pixel(pixels, 77, 37), BottomLeft), $"bottom-right is {Pixel(pixels, 77, 37)}");
        }
        var kept = await _processor.ProcessAsync(tiff, ImageProcessingTests.Request("""{"resize":{"width":40}}"""));
        Assert.Equal((ImageFormat.Tiff, "image/tiff", 40, 20), (kept.Format, kept.ContentType, kept.Width, kept.Height));
    }

    [Theory]
    [InlineData(1, "TopLeft")]
    [InlineData(3, "BottomRight")]
    [InlineData(6, "BottomLeft")]
    [InlineData(8, "TopRight")]
    public async Task A_tiff_orientation_tag_turns_the_image_upright(ushort orientation, string uprightTopLeft)
    {
        var tiff = Tiff(Quadrants(80, 40), bigEndian: orientation % 2 == 0, orientation: orientation);
        var result = await _processor.ProcessAsync(tiff, ImageProcessingTests.Request("""{"resize":{"width":20}}""", ""","outputFormat":"png" """));
        using var pixels = Decode(result.Content);
        Assert.Equal(orientation >= 5 ? (20, 40) : (20, 10), (result.Width, result.Height));
        var expected = uprightTopLeft switch { "TopLeft" => TopLeft, "TopRight" => TopRight, "BottomLeft" => BottomLeft, _ => BottomRight };
        Assert.True(Near(Pixel(pixels, 1, 1), expected, 40), $"top-left is {Pixel(pixels, 1, 1)}");
    }

    [Fact]
    public async Task An_avif_source_is_decoded_and_an_unedited_one_is_answered_as_stored()
    {
        var avif = Avif(Quadrants(48, 32));
        var png = await _processor.ProcessAsync(avif, ImageProcessingTests.Request("""{"grayscale":true}""", ""","outputFormat":"png" """));
        using (var pixels = Decode(png.Content))
        {
            Assert.Equal((48, 32), (pixels.Width, pixels.Height));
            var (red, green) = (Pixel(pixels, 12, 8), Pixel(pixels, 36, 8));
            Assert.True(red.Red < green.Red && Math.Abs(red.Red - red.Blue) < 8, $"{red} {green}");
        }
        var original = await _processor.ProcessAsync(avif, ImageProcessingTests.Request("{}"));
        Assert.True(original.IsOriginal);
        Assert.Equal(("image/avif", avif.Length), (original.ContentType, original.Content.Length));
    }

    [Fact]
    public async Task A_tiff_or_avif_declaring_more_than_the_pixel_limit_is_refused_before_decoding()
    {
        using var strict = new ImageProcessor(new ImagingOptions { MaxInputPixels = 1000 });
        foreach (var source in new[] { Tiff(Quadrants(50, 40)), Tiff(Quadrants(50, 40), bigEndian: true), Avif(Quadrants(50, 40)) })
        {
            var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
                strict.ProcessAsync(source, ImageProcessingTests.Request("""{"grayscale":true}""")));
            Assert.Equal((413, ImageErrorCodes.TooLargeImage), (error.Status, error.Code));
            Assert.Contains("50x40", error.Message);
        }
    }

    [Fact]
    public void Decoding_an_avif_is_priced_above_decoding_a_tiff_or_png_of_the_same_size()
    {
        var request = ImageProcessingTests.Request("""{"grayscale":true}""", ""","outputFormat":"jpeg" """);
        ImageCost Cost(byte[] source) => ImageCostEstimate.For(source, source.Length, request, new ImagingOptions());
        var (png, tiff, avif) = (Cost(Png(Quadrants(400, 300))), Cost(Tiff(Quadrants(400, 300))), Cost(Avif(Quadrants(400, 300))));
        Assert.Equal(400L * 300, tiff.DecodedPixels);
        Assert.Equal(400L * 300, avif.DecodedPixels);
        Assert.True(png.Units < tiff.Units && tiff.Units < avif.Units, $"png {png.Units}, tiff {tiff.Units}, avif {avif.Units}");
    }

    [Fact]
    public async Task Tiff_and_avif_sources_can_be_turned_off()
    {
        using var classic = new ImageProcessor(new ImagingOptions { AllowedInputFormats = "jpeg,png" });
        foreach (var source in new[] { Tiff(Quadrants(8, 8)), Avif(Quadrants(8, 8)) })
        {
            var error = await Assert.ThrowsAsync<ImageRequestException>(() => classic.ProcessAsync(source, ImageProcessingTests.Request("{}")));
            Assert.Equal((415, ImageErrorCodes.UnsupportedImageFormat), (error.Status, error.Code));
        }
    }
}
