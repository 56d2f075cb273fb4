using Portal.Engine.Imaging.Edits;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// The pixel size a request's output will have, from its geometry plan and the later edits that change the size
/// (rotation by other angles, extract after resize, affine, extend, round crop, in sharp's order), with the same arithmetic the pipeline draws with,
/// so a preview drawn smaller can report the real size without drawing it. A free rotation grows the canvas (up to
/// sqrt(2) per side), so the rotated size is held to MaxOutputWidth/Height here, before anything is drawn.
/// </summary>
internal static class OutputSize
{
    /// <param name="turnedAfter">Flip, flop or a right-angle rotate follows the resize and swaps the plan's width and height.</param>
    public static (int Width, int Height) Of(GeometryPlan plan, ImageEdits edits, double freeAngle, ImagingOptions options, bool turnedAfter = false)
    {
        var output = plan.Output;
        var (width, height) = turnedAfter ? (output.Height, output.Width) : (output.Width, output.Height);
        if (freeAngle != 0)
        {
            (width, height) = Effects.RotatedSize(width, height, freeAngle);
            if (width > options.MaxOutputWidth || height > options.MaxOutputHeight)
                throw ImageErrors.BadEdit("rotate", $"the rotated output would be {width}x{height}; the limit is {options.MaxOutputWidth}x{options.MaxOutputHeight}");
        }
        if (edits.Extract is { } crop && edits.ExtractAfterResize)
        {
            if ((long)crop.Left + crop.Width > width || (long)crop.Top + crop.Height > height) throw ImageErrors.CropOutOfBounds();
            (width, height) = (crop.Width, crop.Height);
        }
        if (edits.Operations?.Affine is { } matrix)
        {
            var area = CanvasOperations.AffineArea(width, height, matrix);
            (width, height) = (area.Width, area.Height);
            if (width > options.MaxOutputWidth || height > options.MaxOutputHeight)
                throw ImageErrors.BadEdit("affine", $"the output would be {width}x{height}; the limit is {options.MaxOutputWidth}x{options.MaxOutputHeight}");
        }
        if (edits.Operations?.Extend is { } extend)
        {
            (width, height) = (width + extend.Left + extend.Right, height + extend.Top + extend.Bottom);
            if (width > options.MaxOutputWidth || height > options.MaxOutputHeight)
                throw ImageErrors.BadEdit("extend", $"the output would be {width}x{height}; the limit is {options.MaxOutputWidth}x{options.MaxOutputHeight}");
        }
        if (edits.RoundCrop is { } round)
        {
            var bounds = Effects.RoundCropArea(width, height, round).Bounds;
            (width, height) = (bounds.Width, bounds.Height);
        }
        return (width, height);
    }
}
