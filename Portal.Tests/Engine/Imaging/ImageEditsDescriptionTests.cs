using Portal.Engine.Images;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;

namespace Portal.Tests.Engine.Imaging;

public sealed class ImageEditsDescriptionTests
{
    private static readonly RgbaColor Orange = new(255, 136, 0);

    /// <summary>One case per kind of edit (and per property of <see cref="ImageEdits"/>), with its words.</summary>
    public static readonly TheoryData<ImageEdits, string> Cases = new()
    {
        { ImageEdits.None, "unchanged" },
        { new() { Resize = new ResizeEdit(800, null) }, "800 px wide" },
        { new() { StripMetadata = true }, "Without metadata" },
        { new() { Resize = new ResizeEdit(null, 600) }, "600 px high" },
        { new() { Resize = new ResizeEdit(800, 600) }, "800 × 600 px, cropped to fill" },
        { new() { Resize = new ResizeEdit(800, 600, ResizeFit.Contain, RgbaColor.White) }, "800 × 600 px, letterboxed on #ffffff" },
        { new() { Resize = new ResizeEdit(800, 600, ResizeFit.Fill) }, "800 × 600 px, stretched" },
        { new() { Resize = new ResizeEdit(800, 600, ResizeFit.Inside, WithoutEnlargement: true) }, "Fit within 800 × 600 px, never enlarged" },
        { new() { Resize = new ResizeEdit(800, 600, ResizeFit.Outside) }, "At least 800 × 600 px" },
        { new() { Resize = new ResizeEdit(null, null, Ratio: 0.5) }, "Scaled to 50%" },
        { new() { Extract = new CropEdit(10, 20, 100, 80) }, "Cropped to 100 × 80 px from 10, 20" },
        { new() { Extract = new CropEdit(0, 0, 100, 80), ExtractAfterResize = true, Resize = new ResizeEdit(400, null) }, "400 px wide, cropped to 100 × 80 px after resizing" },
        { new() { Rotate = 90 }, "Rotated 90°" },
        { new() { Rotate = 12.5 }, "Rotated 12.5°" },
        { new() { Flip = true }, "Flipped vertically" },
        { new() { Flop = true }, "Flipped horizontally" },
        { new() { Grayscale = true }, "Grayscale" },
        { new() { Normalize = true }, "Normalized" },
        { new() { Negate = true }, "Negative" },
        { new() { Blur = 2 }, "Blurred (sigma 2)" },
        { new() { Sharpen = 1.5 }, "Sharpened (sigma 1.5)" },
        { new() { Tint = Orange }, "Tinted #ff8800" },
        { new() { Flatten = new RgbaColor(255, 255, 255, 0.5) }, "Flattened onto #ffffff at 50% opacity" },
        { new() { ToFormat = ImageFormat.Webp }, "WebP" },
        { new() { ToFormat = ImageFormat.Jpeg, JpegQuality = 70 }, "JPEG quality 70" },
        { new() { ToFormat = ImageFormat.Png, PngQuality = 90 }, "PNG quality 90" },
        { new() { ToFormat = ImageFormat.Webp, WebpQuality = 60 }, "WebP quality 60" },
        { new() { ToFormat = ImageFormat.Tiff, TiffQuality = 70 }, "TIFF quality 70" },
        { new() { ToFormat = ImageFormat.Avif, AvifQuality = 40 }, "AVIF quality 40" },
        { new() { ToFormat = ImageFormat.Heif, HeifQuality = 45 }, "HEIF quality 45" },
        { new() { ToFormat = ImageFormat.Png, PngColours = 16 }, "PNG with 16 colours" },
        { new() { Gif = new GifOptions { Colours = 16, Dither = 0 } }, "GIF with 16 colours" },
        { new() { Animated = false }, "First frame only" },
        { new() { Animated = true, ToFormat = ImageFormat.Gif }, "Animated, GIF" },
        { new() { RoundCrop = new RoundCropEdit() }, "Round crop" },
        { new() { RoundCrop = new RoundCropEdit(40, 30, 50, 60) }, "Round crop with radii 40 × 30 px centred at 60, 50" },
        { new() { Overlay = new OverlayEdit("originals/logo.png", Alpha: 25, WidthRatio: 20, Left: "-10", Top: "25p") }, "Overlaid with logo.png at 75% opacity within 20% × 100% placed at -10, 25p" },
        { new() { Resize = new ResizeEdit(800, null), Rotate = 90, Grayscale = true, ToFormat = ImageFormat.Webp }, "Rotated 90°, 800 px wide, grayscale, WebP" },
        { new() { Rotate = 12.5, RotateFirst = true, Resize = new ResizeEdit(800, null) }, "Rotated 12.5° first, 800 px wide" },
        { new() { Operations = new SharpOperations { Median = 3, Modulate = new ModulateEdit(Hue: 90), ExtractChannel = 1 } }, "Median 3 px, modulated (brightness 1, saturation 1, hue 90°, lightness 0), green channel only" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_edit_is_described_in_words(ImageEdits edits, string expected) =>
        Assert.Equal(expected, ImageEditsDescription.Describe(edits));

    [Fact]
    public void Every_property_of_the_edits_has_a_case_and_changes_the_description()
    {
        var uncovered = typeof(ImageEdits).GetProperties()
            .Where(p => p.CanWrite)
            .Where(p => !Cases.Any(c => !Equals(p.GetValue((ImageEdits)c[0]), p.GetValue(ImageEdits.None))
                                        && (string)c[1] != ImageEditsDescription.Unchanged))
            .Select(p => p.Name).ToList();
        Assert.Empty(uncovered);
    }

    [Fact]
    public void The_format_and_quality_of_the_output_come_from_the_rendition_when_given()
    {
        var edits = new ImageEdits { Resize = new ResizeEdit(800, null), Rotate = 90, Grayscale = true };
        Assert.Equal("Rotated 90°, 800 px wide, grayscale, WebP", ImageEditsDescription.Describe(edits, ImageFormat.Webp));
        Assert.Equal("Rotated 90°, 800 px wide, grayscale, JPEG quality 80", ImageEditsDescription.Describe(edits, ImageFormat.Jpeg, 80));
    }

    [Fact]
    public void A_saved_rendition_is_described_from_its_stored_edits_with_its_format_and_quality()
    {
        var edits = RenditionDescription.Recorded(new ImageEdits { Resize = new ResizeEdit(800, null), Grayscale = true }, ImageFormat.Webp, 75);
        var rendition = new ImageRendition { Key = "renditions/x/y.webp", EditsJson = ImageCacheKey.CanonicalEdits(edits), ContentType = "image/webp" };

        Assert.Equal("800 px wide, grayscale, WebP quality 75", RenditionDescription.Of(rendition));
    }

    [Fact]
    public void Stored_edits_read_back_as_they_were_written()
    {
        foreach (var edits in Cases.Select(c => (ImageEdits)c[0]))
            Assert.Equal(edits, ImageCacheKey.ReadCanonicalEdits(ImageCacheKey.CanonicalEdits(edits)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Unreadable_stored_edits_say_so(string json) =>
        Assert.Equal(RenditionDescription.Unreadable,
            RenditionDescription.Of(new ImageRendition { Key = "k", EditsJson = json, ContentType = "image/png" }));
}
