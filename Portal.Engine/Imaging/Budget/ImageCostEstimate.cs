using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Processing;
using Portal.Engine.Imaging.Requests;

namespace Portal.Engine.Imaging.Budget;

/// <summary>
/// Estimates an <see cref="ImageCost"/> from the request and the source's header (size, EXIF orientation), planned with the
/// pipeline's own geometry, so it knows the decode scale and the size the edits work at. The weights are per pixel, relative
/// to one simple pass, measured on this engine's implementations (see the README's "Work budget").
/// </summary>
internal static class ImageCostEstimate
{
    /// <summary>
    /// Units per megapixel of each step: one unit is 10 ns a pixel, so a unit is about 10 ms of one core. Measured on this
    /// engine over a 1600x1200 photo (2 shared cores, a Debug build: the managed loops of median, convolve, clahe and
    /// modulate are counted at their slower Debug speed, which errs on the side of refusing).
    /// </summary>
    internal static class Weights
    {
        public const double Decode = 2, Resample = 3, Simple = 15, Rotate = 25, SmartCrop = 70, Modulate = 75, Overlay = 15;
        public const double EncodeJpeg = 1, EncodePng = 180, EncodeWebp = 60;

        /// <summary>
        /// libvips' encoders, not timed yet: set from their known cost relative to libwebp (quantising GIF, JPEG-in-TIFF, and
        /// the AV1 and HEVC encoders several times slower than WebP), so they err on the side of refusing.
        /// </summary>
        public const double EncodeGif = 120, EncodeTiff = 5, EncodeAv1 = 300, EncodeHevc = 200;

        /// <summary>
        /// Decoding by libvips, per pixel of the full-size image (no shrink-on-load): TIFF about a JPEG's, AV1 several times a
        /// WebP encode's reverse, an SVG's rendering by librsvg the most (it depends on the drawing; counted high to err on
        /// the side of refusing). Not timed yet, like the libvips encoders.
        /// </summary>
        public static double DecodeOf(ImageFormat format) => format switch
        {
            ImageFormat.Tiff => 5,
            ImageFormat.Avif => 40,
            ImageFormat.Svg => 60,
            _ => Decode,
        };

        /// <summary>Skia's blur: about 200 ns a pixel at any small sigma, slowly more for large ones.</summary>
        public static double Blur(double sigma) => 20 + sigma / 40;

        /// <summary>A blur and an arithmetic blend: about 1 us a pixel whatever the sigma.</summary>
        public const double Sharpen = 100;

        /// <summary>A sliding histogram per channel: 2 x size updates, then a rank search over 256 bins.</summary>
        public static double Median(int size) => 200 + 28.0 * size;

        /// <summary>Every kernel cell, each channel.</summary>
        public static double Convolve(ConvolveEdit edit) => 50 + 2.5 * edit.Width * edit.Height;

        /// <summary>A sliding histogram per channel (2 x height updates) and a clipped sum over its 256 bins for every pixel.</summary>
        public static double Clahe(ClaheEdit edit) => 900 + 25.0 * edit.Height;
    }

    /// <param name="overlay">The overlay's bytes when the request has one (its size is read from its header).</param>
    /// <param name="previewSide">For a preview: the side it is fitted in (drawn small where the pipeline can).</param>
    public static ImageCost For(byte[] source, int length, ImageRequest request, ImagingOptions options, byte[]? overlay = null, int? previewSide = null)
    {
        using var image = SourceImage.Open(source, length, options, rasterise: !request.Edits.IsEmpty);
        var full = (long)image.Width * image.Height;
        var steps = new Steps(Weights.DecodeOf(image.Format));
        var format = request.OutputFor(image.Format);
        if (request.ReturnsOriginal && (previewSide is null || PreviewCap.Fits(image.Width, image.Height, previewSide.Value)))
            return new ImageCost(image.Width, image.Height, 0, full, 0, "nothing (the original is answered)");

        var edits = request.Edits;
        var ops = edits.Operations ?? SharpOperations.None;
        var (planFrame, turnAfter, freeAngle) = ImagePipeline.Orient(image, edits);
        var (frameWidth, frameHeight) = planFrame.Apply(image.Width, image.Height);
        var prepares = ops.Trim is not null || ops.Gamma is not null || (edits.RotateFirst && freeAngle != 0);
        if (prepares)
        {
            // Decoded at full size and worked on before the resize.
            steps.Decode(full);
            if (edits.RotateFirst && freeAngle != 0)
            {
                (frameWidth, frameHeight) = Effects.RotatedSize(frameWidth, frameHeight, freeAngle);
                steps.Add("rotate", (long)frameWidth * frameHeight * Weights.Rotate);
                freeAngle = 0;
            }
            if (ops.Trim is not null) steps.Add("trim", full * Weights.Simple);
            if (ops.Gamma is not null) steps.Add("gamma", full * Weights.Simple);
        }

        GeometryPlan plan;
        int outputWidth, outputHeight;
        try
        {
            plan = GeometryPlan.For(frameWidth, frameHeight, edits, options, canvasTurned: turnAfter.Transposes);
            (outputWidth, outputHeight) = OutputSize.Of(plan, edits, freeAngle, options, turnAfter.Transposes);
        }
        catch (ImageRequestException) when (prepares)
        {
            // Trim shrinks the frame by what only the pixels tell: a size refused for the whole frame may fit the trimmed one.
            // The pipeline decides; the estimate counts the rest as a few passes over the whole frame.
            steps.Add("the edits", (long)frameWidth * frameHeight * 4 * Weights.Simple);
            return steps.Cost(image.Width, image.Height, full);
        }
        var scale = previewSide is { } side ? PreviewCap.Scale(outputWidth, outputHeight, side) : 1;
        var drawnSmaller = scale < 1 && ImagePipeline.CanDrawSmaller(edits);
        // The edits work on the drawn size (before the later edits that change the size, roughly the output); a preview
        // draws it small where it can, and shrinks the rest only at the end.
        var work = (long)(Math.Max((long)plan.CanvasWidth * plan.CanvasHeight, (long)outputWidth * outputHeight) * (drawnSmaller ? scale * scale : 1));
        if (drawnSmaller) plan = plan.ScaledBy(scale);
        var resized = (long)plan.ResizedWidth * plan.ResizedHeight;
        if (!prepares)
        {
            var region = plan.Region;
            var (regionWidth, regionHeight) = planFrame.Transposes ? (region.Height, region.Width) : (region.Width, region.Height);
            var (needWidth, needHeight) = planFrame.Transposes ? (plan.ResizedHeight, plan.ResizedWidth) : (plan.ResizedWidth, plan.ResizedHeight);
            var decoded = plan.Resamples ? image.ScaledSize(regionWidth, regionHeight, needWidth, needHeight) : new SkiaSharp.SKSizeI(image.Width, image.Height);
            steps.Decode((long)decoded.Width * decoded.Height);
        }
        if (plan.Resamples) steps.Add("resize", resized * Weights.Resample);
        if (plan.SmartCrop is not null) steps.Add("smart crop", resized * Weights.SmartCrop);

        if (freeAngle != 0) steps.Add("rotate", work * Weights.Rotate);
        if (ops.Affine is not null) steps.Add("affine", work * Weights.Rotate);
        if (ops.Median is { } median) steps.Add($"median {median}", work * Weights.Median(median));
        if (edits.Blur is { } sigma) steps.Add($"blur {sigma:0.#}", work * Weights.Blur(sigma * (drawnSmaller ? scale : 1)));
        if (ops.Convolve is { } convolve) steps.Add($"convolve {convolve.Width}x{convolve.Height}", work * Weights.Convolve(convolve));
        if (ops.Modulate is not null) steps.Add("modulate", work * Weights.Modulate);
        if (edits.Sharpen is { } sharpen) steps.Add($"sharpen {sharpen:0.#}", work * Weights.Sharpen);
        if (edits.Overlay is not null)
            steps.Add("overlay", work * Weights.Overlay + (overlay is null ? 0 : ImageHeader.Read(overlay)?.Pixels ?? 0) * Weights.Decode);
        if (ops.Clahe is { } clahe) steps.Add($"clahe {clahe.Width}x{clahe.Height}", work * Weights.Clahe(clahe));
        var simple = new[] { edits.Flatten is not null, edits.Negate, edits.Grayscale, ops.Extend is not null, ops.Threshold is not null,
            ops.Recomb is not null, ops.Linear is not null, edits.Normalize, edits.Tint is not null, edits.RoundCrop is not null,
            ops.RemoveAlpha, ops.EnsureAlpha is not null, ops.BlackAndWhite, ops.ExtractChannel is not null, ops.Gamma is not null }.Count(b => b);
        if (simple > 0) steps.Add("colour edits", work * simple * Weights.Simple);

        var output = (long)Math.Ceiling(outputWidth * scale) * (long)Math.Ceiling(outputHeight * scale); // a preview is encoded small
        steps.Add($"encoding {format.Name()}", output * format switch
        {
            ImageFormat.Png => Weights.EncodePng,
            ImageFormat.Webp => Weights.EncodeWebp,
            ImageFormat.Gif => Weights.EncodeGif,
            ImageFormat.Tiff => Weights.EncodeTiff,
            ImageFormat.Avif or ImageFormat.Heif => Weights.EncodeAv1,
            ImageFormat.Heic => Weights.EncodeHevc,
            _ => Weights.EncodeJpeg,
        });
        return steps.Cost(image.Width, image.Height, output);
    }

    /// <summary>The steps' costs in pixel passes, summed, and the largest.</summary>
    private sealed class Steps(double decodeWeight)
    {
        private double _largest = -1;
        private double _total;

        private string _heaviest = "nothing";
        private long _decoded;

        public void Decode(long pixels)
        {
            _decoded += pixels;
            Add("decoding", pixels * decodeWeight);
        }

        public void Add(string step, double pixelPasses)
        {
            _total += pixelPasses;
            if (pixelPasses > _largest) (_largest, _heaviest) = (pixelPasses, step);
        }

        public ImageCost Cost(int width, int height, long outputPixels) =>
            new(width, height, _decoded, outputPixels, _total / 1_000_000, _heaviest);
    }
}
