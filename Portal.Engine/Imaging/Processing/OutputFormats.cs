using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// The output formats the handler writes on this machine: the one list the image editor offers and the handler accepts
/// (JPEG, PNG and WebP always; GIF and TIFF with libvips; AVIF and HEIF with its AV1 encoder; HEIC with the system's libheif).
/// </summary>
public static class OutputFormats
{
    private static readonly Lazy<IReadOnlyList<ImageFormat>> Here =
        new(() => Enum.GetValues<ImageFormat>().Where(f => VipsCodec.ProblemWriting(f) is null).ToList());

    /// <summary>In <see cref="ImageFormats.WritableNames"/> order; the encoders are probed once.</summary>
    public static IReadOnlyList<ImageFormat> WritableHere => Here.Value;
}
