using Portal.Engine.Imaging.Edits;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// The pixel size a request's output will have, from its geometry plan and the later edits that change the size
/// (extract after resize, rotation by other angles, round crop), with the same arithmetic the pipeline draws with,
/// so a preview drawn smaller can report the real size without drawing it. A free rotation grows the canvas (up to
/// sqrt(2) per side), so the rotated size is held to MaxOutputWidth/Height here, before anything is drawn.
/// </summary>
internal static class OutputSize
{
    public static (int Width, int Height) Of(GeometryPlan plan, ImageEdits edits, double freeAngle, ImagingOptions options)
    {
        var (width, height) = (plan.CanvasWidth, plan.CanvasHeight);
        if (edits.Extract is { } crop && edits.ExtractAfterResize)
        {
            if ((long)crop.Left + crop.Width > width || (long)crop.Top + crop.Height > height) throw ImageErrors.CropOutOfBounds();
            (width, height) = (crop.Width, crop.Height);
        }
        if (freeAngle != 0)
        {
            (width, height) = Effects.RotatedSize(width, height, freeAngle);
            if (width > options.MaxOutputWidth || height > options.MaxOutputHeight)
                throw ImageErrors.BadEdit("rotate", $"the rotated output would be {width}x{height}; the limit is {options.MaxOutputWidth}x{options.MaxOutputHeight}");
        }
        if (edits.RoundCrop is { } round)
        {
            var bounds = Effects.RoundCropArea(width, height, round).Bounds;
            (width, height) = (bounds.Width, bounds.Height);
        }
        return (width, height);
    }
}
