namespace Portal.Engine.Imaging;

/// <summary>
/// The size the image editor's live preview is drawn at: the output fitted inside a square of
/// <see cref="DefaultMaxSide"/> pixels, never enlarged. 1200 px fills the editor's preview pane (about
/// 7/12 of a full-HD window, at most 70 % of its height) while a photo's preview stays a few hundred KB,
/// and a large JPEG can be decoded at 1/2 to 1/8 scale for it.
/// </summary>
public static class PreviewCap
{
    public const int DefaultMaxSide = 1200;

    /// <summary>Whether <paramref name="width"/> x <paramref name="height"/> already fits inside <paramref name="maxSide"/>.</summary>
    public static bool Fits(int width, int height, int maxSide) => width <= maxSide && height <= maxSide;

    /// <summary>The factor (at most 1) that brings the longest side down to <paramref name="maxSide"/>.</summary>
    public static double Scale(int width, int height, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        return Fits(width, height, maxSide) ? 1 : (double)maxSide / Math.Max(width, height);
    }

    /// <summary>
    /// <paramref name="width"/> x <paramref name="height"/> fitted inside <paramref name="maxSide"/> keeping the aspect
    /// ratio: the longest side becomes exactly <paramref name="maxSide"/>, the other is rounded and at least 1.
    /// </summary>
    public static (int Width, int Height) Fit(int width, int height, int maxSide)
    {
        var scale = Scale(width, height, maxSide);
        if (scale >= 1) return (width, height);
        return width >= height
            ? (maxSide, Math.Max(1, (int)Math.Round(height * scale)))
            : (Math.Max(1, (int)Math.Round(width * scale)), maxSide);
    }
}
