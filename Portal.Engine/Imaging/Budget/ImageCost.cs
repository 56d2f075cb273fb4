namespace Portal.Engine.Imaging.Budget;

/// <summary>
/// What processing one request is estimated to cost, before any pixel is decoded: <see cref="Units"/> are about 10 ms of one
/// core each (10 ns a pixel over a million pixels), summed over decoding,
/// resampling, each edit on the pixels it works on (weighted by its size: blur sigma, median, convolve and clahe windows)
/// and encoding. <see cref="Heaviest"/> names the step that costs most, for the refusal's message.
/// </summary>
public readonly record struct ImageCost(int SourceWidth, int SourceHeight, long DecodedPixels, long OutputPixels, double Units, string Heaviest)
{
    /// <summary>Work that costs nothing to admit (the original bytes answered as they are; tests that hold slots).</summary>
    public static readonly ImageCost None = new(0, 0, 0, 0, 0, "nothing");

    public string Describe() =>
        $"a {SourceWidth}x{SourceHeight} source, {DecodedPixels:N0} pixels decoded, {OutputPixels:N0} pixels out, most of it {Heaviest}";
}
