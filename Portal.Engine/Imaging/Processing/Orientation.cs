using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// A sequence of right-angle turns and mirrors (EXIF orientation, rotate 90/180/270, flip, flop) applied to an
/// image. Because resampling commutes with them, the engine resamples the stored (unturned) pixels and turns
/// the small result; this type maps rectangles between the two and builds the drawing matrix.
/// </summary>
internal sealed class Orientation
{
    private enum Step { FlipX, FlipY, Transpose }

    private readonly List<Step> _steps = [];

    public static Orientation FromExif(SKEncodedOrigin origin)
    {
        var o = new Orientation();
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: o._steps.Add(Step.FlipX); break;
            case SKEncodedOrigin.BottomRight: o.Rotate(180); break;
            case SKEncodedOrigin.BottomLeft: o._steps.Add(Step.FlipY); break;
            case SKEncodedOrigin.LeftTop: o._steps.Add(Step.Transpose); break;
            case SKEncodedOrigin.RightTop: o.Rotate(90); break;
            case SKEncodedOrigin.RightBottom: o._steps.AddRange([Step.Transpose, Step.FlipX, Step.FlipY]); break;
            case SKEncodedOrigin.LeftBottom: o.Rotate(270); break;
        }
        return o;
    }

    public bool IsIdentity => _steps.Count == 0 || Matrix(1, 1).IsIdentity;

    /// <summary>Whether width and height swap.</summary>
    public bool Transposes => _steps.Count(s => s == Step.Transpose) % 2 == 1;

    /// <summary>Adds a clockwise turn by a multiple of 90 degrees.</summary>
    public void Rotate(int degrees)
    {
        switch (((degrees % 360) + 360) % 360)
        {
            case 90: _steps.AddRange([Step.Transpose, Step.FlipX]); break;
            case 180: _steps.AddRange([Step.FlipX, Step.FlipY]); break;
            case 270: _steps.AddRange([Step.Transpose, Step.FlipY]); break;
        }
    }

    /// <summary>This sequence followed by <paramref name="next"/>.</summary>
    public Orientation Then(Orientation next)
    {
        var o = new Orientation();
        o._steps.AddRange(_steps);
        o._steps.AddRange(next._steps);
        return o;
    }

    public void Flop() => _steps.Add(Step.FlipX);
    public void Flip() => _steps.Add(Step.FlipY);

    public (int Width, int Height) Apply(int width, int height) => Transposes ? (height, width) : (width, height);

    /// <summary>Maps stored-image coordinates of a <paramref name="width"/> x <paramref name="height"/> image to turned ones.</summary>
    public SKMatrix Matrix(int width, int height)
    {
        var m = SKMatrix.Identity;
        float w = width, h = height;
        foreach (var step in _steps)
        {
            var s = step switch
            {
                Step.FlipX => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
                Step.FlipY => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
                _ => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            };
            m = s.PreConcat(m);
            if (step == Step.Transpose) (w, h) = (h, w);
        }
        return m;
    }

    /// <summary>The stored-image rectangle that turns into <paramref name="turned"/>.</summary>
    public SKRect ToStored(SKRect turned, int storedWidth, int storedHeight)
    {
        Matrix(storedWidth, storedHeight).TryInvert(out var inverse);
        return inverse.MapRect(turned);
    }

    /// <summary>Draws <paramref name="stored"/> turned, into a new bitmap.</summary>
    public SKBitmap Turn(SKBitmap stored)
    {
        if (IsIdentity) return stored;
        var (w, h) = Apply(stored.Width, stored.Height);
        var turned = new SKBitmap(new SKImageInfo(w, h, stored.ColorType, stored.AlphaType));
        using (var canvas = new SKCanvas(turned))
        {
            canvas.SetMatrix(Matrix(stored.Width, stored.Height));
            using var image = SKImage.FromBitmap(stored);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        stored.Dispose();
        return turned;
    }
}
