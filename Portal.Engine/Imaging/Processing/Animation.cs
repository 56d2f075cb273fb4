using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// Animated sources as Serverless Image Handler has sharp treat them: a GIF (or, with <c>animated: true</c>, a WebP) of more
/// than one frame is read frame by frame, each frame drawn with the request's edits, and written as an animated GIF or WebP
/// with the source's delays and loop count. <c>animated: false</c> (Thumbor <c>animated(false)</c>) gives the first frame.
/// </summary>
internal static class Animation
{
    /// <summary>The animated answer, or null when this request is answered with a still image.</summary>
    public static ProcessedImage? Render(byte[] source, int length, SourceImage image, ImageRequest request, ImageFormat format, int quality,
        byte[]? overlay, ImagingOptions options, WorkBudget budget)
    {
        if (!Wanted(request.Edits, image.Format, format)) return null;
        using var frames = VipsCodec.ReadFrames(source, length, image.Format, options.MaxInputPixels);
        if (frames is null) return null; // one frame: SIH turns animation off for it
        var edits = PerFrame(request.Edits);
        var drawn = new List<SKBitmap>(frames.Frames.Count);
        try
        {
            foreach (var frame in frames.Frames)
            {
                using var frameSource = SourceImage.FromFrame(frame, image.Format);
                var bitmap = ImagePipeline.Draw(frameSource, edits, format, overlay, options, null, budget, out _, out _);
                drawn.Add(bitmap);
                if (bitmap.Width != drawn[0].Width || bitmap.Height != drawn[0].Height)
                    throw ImageErrors.BadEdit("animated", "the edits give frames of different sizes");
                if ((long)bitmap.Width * bitmap.Height * frames.Frames.Count > options.MaxInputPixels)
                    throw new ImageRequestException(413, ImageErrorCodes.TooLargeImage,
                        $"The animation would be {bitmap.Width}x{bitmap.Height} pixels in {frames.Frames.Count} frames; the limit is {options.MaxInputPixels:N0} pixels in all.");
                budget.ThrowIfSpent();
            }
            var bytes = VipsCodec.EncodeAnimation(drawn, frames.Delays, frames.Loop, format, quality, request.Edits.Gif);
            return new ProcessedImage(bytes, format.ContentType(), format, drawn[0].Width, drawn[0].Height, IsOriginal: false);
        }
        finally
        {
            foreach (var bitmap in drawn) bitmap.Dispose();
        }
    }

    /// <summary>
    /// SIH: animated when the edits say so, else when the answer is a GIF (image-handler.ts reads its content type, the output
    /// format's once one is set: a GIF written as WebP, by AutoWebP or outputFormat, is a still unless <c>animated: true</c>).
    /// Only GIF and WebP outputs hold frames here (sharp would stack the frames into one tall JPEG/PNG, or pages of a
    /// TIFF/HEIF; this engine writes the first frame).
    /// </summary>
    public static bool Wanted(ImageEdits edits, ImageFormat source, ImageFormat output) =>
        (edits.Animated ?? output == ImageFormat.Gif)
        && source is ImageFormat.Gif or ImageFormat.Webp
        && output is ImageFormat.Gif or ImageFormat.Webp;

    /// <summary>SIH skips rotate, smartCrop, roundCrop and contentModeration for an animation (image-handler.ts skipEdit).</summary>
    private static ImageEdits PerFrame(ImageEdits edits) => edits with { Rotate = null, RotateFirst = false, RoundCrop = null };
}
