using Portal.Engine.Imaging.Edits;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// What the extract and resize edits make of a <c>width x height</c> (upright) image, in sharp's terms:
/// the source region to resample, the size to resample it to, and for <c>contain</c> the canvas it is
/// centred on. Pure arithmetic, so it is tested without pixels.
/// </summary>
internal sealed record GeometryPlan(SKRect Region, int ResizedWidth, int ResizedHeight, int CanvasWidth, int CanvasHeight, SKPointI Offset, RgbaColor Background)
{
    public bool Resamples => ResizedWidth != (int)Math.Round(Region.Width) || ResizedHeight != (int)Math.Round(Region.Height)
                             || Region.Left != Math.Floor(Region.Left) || Region.Top != Math.Floor(Region.Top);

    public bool Embeds => CanvasWidth != ResizedWidth || CanvasHeight != ResizedHeight;

    public static GeometryPlan For(int width, int height, ImageEdits edits, ImagingOptions options)
    {
        var region = new SKRect(0, 0, width, height);
        if (edits.Extract is { } crop && !edits.ExtractAfterResize)
        {
            if ((long)crop.Left + crop.Width > width || (long)crop.Top + crop.Height > height) throw ImageErrors.CropOutOfBounds();
            region = SKRect.Create(crop.Left, crop.Top, crop.Width, crop.Height);
        }
        var plan = edits.Resize is { } resize ? Resize(region, resize) : Same(region);
        if (plan.CanvasWidth > options.MaxOutputWidth || plan.CanvasHeight > options.MaxOutputHeight)
            throw ImageErrors.BadResize($"the output would be {plan.CanvasWidth}x{plan.CanvasHeight}; the limit is {options.MaxOutputWidth}x{options.MaxOutputHeight}");
        return plan;
    }

    /// <summary>
    /// The same source region drawn <paramref name="scale"/> times the size (a preview of the output): sizes rounded and
    /// at least 1 pixel, a contain canvas re-centred.
    /// </summary>
    public GeometryPlan ScaledBy(double scale)
    {
        int rw = Size(ResizedWidth * scale), rh = Size(ResizedHeight * scale);
        int cw = Math.Max(rw, Size(CanvasWidth * scale)), ch = Math.Max(rh, Size(CanvasHeight * scale));
        var offset = cw == rw && ch == rh ? default : new SKPointI((cw - rw) / 2, (ch - rh) / 2);
        return this with { ResizedWidth = rw, ResizedHeight = rh, CanvasWidth = cw, CanvasHeight = ch, Offset = offset };
    }

    private static GeometryPlan Same(SKRect region)
    {
        var (w, h) = ((int)region.Width, (int)region.Height);
        return new GeometryPlan(region, w, h, w, h, default, RgbaColor.Black);
    }

    private static GeometryPlan Resize(SKRect region, ResizeEdit resize)
    {
        double ew = region.Width, eh = region.Height;
        var (width, height) = (resize.Width, resize.Height);
        if (width is null && height is null && resize.Ratio is { } ratio)
            (width, height) = (Size(ew * ratio), Size(eh * ratio));
        if (width is null) width = Size(ew * height!.Value / eh);
        if (height is null) height = Size(eh * width.Value / ew);
        int w = width.Value, h = height.Value;
        var background = resize.Background ?? RgbaColor.Black;

        switch (resize.Fit)
        {
            case ResizeFit.Fill:
                if (resize.WithoutEnlargement && (w > ew || h > eh)) return Same(region);
                return new GeometryPlan(region, w, h, w, h, default, background);
            case ResizeFit.Inside or ResizeFit.Outside or ResizeFit.Contain:
            {
                var scale = resize.Fit == ResizeFit.Outside ? Math.Max(w / ew, h / eh) : Math.Min(w / ew, h / eh);
                if (resize.WithoutEnlargement && scale > 1) return Same(region);
                int rw = Size(ew * scale), rh = Size(eh * scale);
                if (resize.Fit != ResizeFit.Contain) return new GeometryPlan(region, rw, rh, rw, rh, default, background);
                rw = Math.Min(rw, w);
                rh = Math.Min(rh, h);
                return new GeometryPlan(region, rw, rh, w, h, new SKPointI((w - rw) / 2, (h - rh) / 2), background);
            }
            default: // cover: resize to cover w x h, then take the centre (sharp's gravity centre)
            {
                var scale = Math.Max(w / ew, h / eh);
                if (resize.WithoutEnlargement && scale > 1) return Same(region);
                int rw = Size(ew * scale), rh = Size(eh * scale);
                w = Math.Min(w, rw);
                h = Math.Min(h, rh);
                var left = (rw - w + 1) / 2;
                var top = (rh - h + 1) / 2;
                double sx = ew / rw, sy = eh / rh;
                var source = SKRect.Create((float)(region.Left + left * sx), (float)(region.Top + top * sy), (float)(w * sx), (float)(h * sy));
                return new GeometryPlan(source, w, h, w, h, default, background);
            }
        }
    }

    private static int Size(double value) => Math.Max(1, (int)Math.Round(value));
}
