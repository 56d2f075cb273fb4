namespace Portal.Engine.Imaging;

/// <summary>
/// A preview of an image request drawn at most <see cref="PreviewCap"/> on its longest side, and the pixel size
/// of the real output it stands for. When the output already fitted, the preview is the output itself and
/// <see cref="OutputBytes"/> is its exact length; otherwise it is null, because only encoding the full output tells it.
/// </summary>
public sealed record ImagePreview(ProcessedImage Image, int OutputWidth, int OutputHeight)
{
    public bool IsScaledDown => Image.Width != OutputWidth || Image.Height != OutputHeight;

    public long? OutputBytes => IsScaledDown ? null : Image.Content.LongLength;
}
