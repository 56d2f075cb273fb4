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

    /// <summary>For the entropy and attention strategies: the window the resized image is cropped to, chosen by its content.</summary>
    public SKSizeI? SmartCrop { get; init; }

    public ResizePosition Position { get; init; }

    /// <summary>The size this plan's pixels have once cropped or embedded.</summary>
    public SKSizeI Output => SmartCrop ?? new SKSizeI(CanvasWidth, CanvasHeight);

    /// <summary>
    /// <paramref name="canvasTurned"/>: flip/flop/rotate by 90 or 270 follow the resize (sharp turns the resized image, then crops or
    /// embeds it to width x height), so in this unturned frame the cover crop and the contain canvas are height x width.
    /// </summary>
    public static GeometryPlan For(int width, int height, ImageEdits edits, ImagingOptions options, bool canvasTurned = false)
    {
        var region = new SKRect(0, 0, width, height);
        if (edits.Extract is { } crop && !edits.ExtractAfterResize)
        {
            if ((long)crop.Left + crop.Width > width || (long)crop.Top + crop.Height > height) throw ImageErrors.CropOutOfBounds();
            region = SKRect.Create(crop.Left, crop.Top, crop.Width, crop.Height);
        }
        var plan = edits.Resize is { } resize ? Resize(region, resize, canvasTurned) : Same(region);
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

    private static GeometryPlan Resize(SKRect region, ResizeEdit resize, bool canvasTurned)
    {
        double ew = region.Width, eh = region.Height;
        var (width, height) = (resize.Width, resize.Height);
        if (width is null && height is null && resize.Ratio is { } ratio)
            (width, height) = (Size(ew * ratio), Size(eh * ratio));
        if (width is null) width = Size(ew * height!.Value / eh);
        if (height is null) height = Size(eh * width.Value / ew);
        int w = width.Value, h = height.Value;
        var (cw, ch) = canvasTurned ? (h, w) : (w, h);
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
                int canvasWidth = Math.Max(rw, cw), canvasHeight = Math.Max(rh, ch);
                var offset = EmbedOffset(rw, rh, canvasWidth, canvasHeight, resize.Position);
                return new GeometryPlan(region, rw, rh, canvasWidth, canvasHeight, offset, background);
            }
            default: // cover: resize to cover w x h, then crop at the position (sharp's gravity), or where entropy or attention say
            {
                var scale = Math.Max(w / ew, h / eh);
                if (resize.WithoutEnlargement && scale > 1) return Same(region);
                int rw = Size(ew * scale), rh = Size(eh * scale);
                int cropWidth = Math.Min(cw, rw), cropHeight = Math.Min(ch, rh);
                if (resize.Position is ResizePosition.Entropy or ResizePosition.Attention)
                    return new GeometryPlan(region, rw, rh, rw, rh, default, background)
                    {
                        SmartCrop = cropWidth == rw && cropHeight == rh ? null : new SKSizeI(cropWidth, cropHeight), Position = resize.Position,
                    };
                var (left, top) = CropOffset(rw, rh, cropWidth, cropHeight, resize.Position);
                double sx = ew / rw, sy = eh / rh;
                var source = SKRect.Create((float)(region.Left + left * sx), (float)(region.Top + top * sy), (float)(cropWidth * sx), (float)(cropHeight * sy));
                return new GeometryPlan(source, cropWidth, cropHeight, cropWidth, cropHeight, default, background);
            }
        }
    }

    /// <summary>sharp's CalculateCrop: where a <paramref name="outWidth"/> x <paramref name="outHeight"/> window sits in the resized image.</summary>
    public static (int Left, int Top) CropOffset(int inWidth, int inHeight, int outWidth, int outHeight, ResizePosition position)
    {
        int right = inWidth - outWidth, bottom = inHeight - outHeight, midX = (right + 1) / 2, midY = (bottom + 1) / 2;
        return position switch
        {
            ResizePosition.North => (midX, 0),
            ResizePosition.East => (right, midY),
            ResizePosition.South => (midX, bottom),
            ResizePosition.West => (0, midY),
            ResizePosition.NorthEast => (right, 0),
            ResizePosition.SouthEast => (right, bottom),
            ResizePosition.SouthWest => (0, bottom),
            ResizePosition.NorthWest => (0, 0),
            _ => (midX, midY),
        };
    }

    /// <summary>sharp's CalculateEmbedPosition: where the resized image sits on the contain canvas.</summary>
    private static SKPointI EmbedOffset(int inWidth, int inHeight, int outWidth, int outHeight, ResizePosition position)
    {
        int right = outWidth - inWidth, bottom = outHeight - inHeight, midX = right / 2, midY = bottom / 2;
        var (x, y) = position switch
        {
            ResizePosition.North => (midX, 0),
            ResizePosition.East => (right, midY),
            ResizePosition.South => (midX, bottom),
            ResizePosition.West => (0, midY),
            ResizePosition.NorthEast => (right, 0),
            ResizePosition.SouthEast => (right, bottom),
            ResizePosition.SouthWest => (0, bottom),
            ResizePosition.NorthWest => (0, 0),
            _ => (midX, midY),
        };
        return new SKPointI(x, y);
    }

    private static int Size(double value) => Math.Max(1, (int)Math.Round(value));
}
