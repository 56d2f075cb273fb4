using System.Numerics;
using SkiaSharp;

namespace Portal.Engine.Images.Processing;

/// <summary>
/// The DCT perceptual hash ("pHash"): the image squeezed to 32 x 32 grey levels, its 8 x 8 lowest frequencies of a 2-D
/// DCT, one bit per frequency above their median. Re-encoding, resizing and small colour changes move few bits; different
/// pictures differ in about half of them.
/// </summary>
public static class PerceptualHash
{
    public const int Side = 32;
    private const int Low = 8;
    private static readonly double[,] Cosines = BuildCosines();

    /// <summary>The hash of a <see cref="Side"/> x <see cref="Side"/> bitmap (any colour type; transparent counts as white).</summary>
    public static long Of(SKBitmap bitmap)
    {
        if (bitmap.Width != Side || bitmap.Height != Side) throw new ArgumentException($"The hash needs a {Side} x {Side} bitmap.", nameof(bitmap));
        var grey = new double[Side, Side];
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var a = c.Alpha / 255.0;
                double Over(byte channel) => channel * a + 255 * (1 - a);
                grey[x, y] = 0.299 * Over(c.Red) + 0.587 * Over(c.Green) + 0.114 * Over(c.Blue);
            }

        var coefficients = new double[Low * Low];
        for (var u = 0; u < Low; u++)
            for (var v = 0; v < Low; v++)
            {
                double sum = 0;
                for (var x = 0; x < Side; x++)
                    for (var y = 0; y < Side; y++)
                        sum += grey[x, y] * Cosines[u, x] * Cosines[v, y];
                coefficients[u * Low + v] = sum;
            }

        // The DC term (the average brightness) says nothing about the picture's structure: left out of the median and the bits.
        var median = coefficients.Skip(1).Order().ElementAt((Low * Low - 1) / 2);
        long hash = 0;
        for (var i = 1; i < coefficients.Length; i++)
            if (coefficients[i] > median) hash |= 1L << i;
        return hash;
    }

    /// <summary>How many of the 64 bits differ.</summary>
    public static int Distance(long a, long b) => BitOperations.PopCount((ulong)(a ^ b));

    private static double[,] BuildCosines()
    {
        var table = new double[Low, Side];
        for (var u = 0; u < Low; u++)
            for (var x = 0; x < Side; x++)
                table[u, x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * Side));
        return table;
    }
}
