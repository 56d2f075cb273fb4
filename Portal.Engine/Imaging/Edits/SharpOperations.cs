namespace Portal.Engine.Imaging.Edits;

/// <summary>Where a cover crop or a contain embed sits (sharp's gravity and position names), or how a cover crop is chosen.</summary>
public enum ResizePosition { Centre, North, East, South, West, NorthEast, SouthEast, SouthWest, NorthWest, Entropy, Attention }

/// <summary>sharp's threshold: at or above <see cref="Value"/> becomes 255, below 0 (of the grey image when <see cref="Grayscale"/>).</summary>
public sealed record ThresholdEdit(int Value, bool Grayscale = true);

/// <summary>sharp's convolve: a <see cref="Width"/> x <see cref="Height"/> kernel (row by row), out = sum / scale + offset.</summary>
public sealed record ConvolveEdit(int Width, int Height, double[] Kernel, double Scale, double Offset);

/// <summary>sharp's modulate, in LCh: L * brightness + lightness, C * saturation, h + hue degrees.</summary>
public sealed record ModulateEdit(double Brightness = 1, double Saturation = 1, int Hue = 0, double Lightness = 0);

/// <summary>sharp's clahe: contrast-limited equalisation over a <see cref="Width"/> x <see cref="Height"/> window.</summary>
public sealed record ClaheEdit(int Width, int Height, int MaxSlope = 3);

/// <summary>How extend fills the new edges (sharp's extendWith).</summary>
public enum ExtendWith { Background, Copy, Repeat, Mirror }

/// <summary>sharp's extend: pixels added on each side.</summary>
public sealed record ExtendEdit(int Top, int Bottom, int Left, int Right, RgbaColor Background, ExtendWith With = ExtendWith.Background);

/// <summary>sharp's trim: removes the edges within <see cref="Threshold"/> of <see cref="Background"/> (the top-left pixel when null).</summary>
public sealed record TrimEdit(double Threshold = 10, RgbaColor? Background = null);

/// <summary>
/// The sharp operations Serverless Image Handler passes through besides the ones on <see cref="ImageEdits"/>. Each is applied
/// where sharp's pipeline applies it: affine, extend, median, threshold after the geometry; convolve, recomb, modulate before
/// an overlay; gamma, linear, normalise, clahe, tint, removeAlpha, ensureAlpha, toColourspace, extractChannel after it.
/// </summary>
public sealed record SharpOperations
{
    public TrimEdit? Trim { get; init; }
    /// <summary>2x2 matrix [a, b, c, d]: X = a*x + b*y, Y = c*x + d*y; the output is the bounding box, black where empty.</summary>
    public double[]? Affine { get; init; }
    public ExtendEdit? Extend { get; init; }
    /// <summary>Square window of the median filter, in pixels.</summary>
    public int? Median { get; init; }
    public ThresholdEdit? Threshold { get; init; }
    public ConvolveEdit? Convolve { get; init; }
    /// <summary>3x3 matrix row by row: each output channel is a weighted sum of R, G and B.</summary>
    public double[]? Recomb { get; init; }
    public ModulateEdit? Modulate { get; init; }
    /// <summary>sharp's gamma: the image is darkened by this gamma before resizing and brightened back after.</summary>
    public double? Gamma { get; init; }
    /// <summary>sharp's linear a: every colour channel times this (b is 0, as Serverless Image Handler passes one argument).</summary>
    public double? Linear { get; init; }
    public ClaheEdit? Clahe { get; init; }
    /// <summary>Percentiles normalise stretches between (sharp's defaults 1 and 99).</summary>
    public int NormaliseLower { get; init; } = 1;
    public int NormaliseUpper { get; init; } = 99;
    /// <summary>Negate inverts alpha too unless false (sharp's default true).</summary>
    public bool NegateKeepsAlpha { get; init; }
    public bool RemoveAlpha { get; init; }
    /// <summary>Alpha 0-1 given to an image that has none.</summary>
    public double? EnsureAlpha { get; init; }
    /// <summary>toColourspace('b-w'): one grey channel at the end.</summary>
    public bool BlackAndWhite { get; init; }
    /// <summary>0 red, 1 green, 2 blue, 3 alpha: the output is that channel as grey.</summary>
    public int? ExtractChannel { get; init; }

    public static readonly SharpOperations None = new();
}
