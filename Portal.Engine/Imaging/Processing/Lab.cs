namespace Portal.Engine.Imaging.Processing;

/// <summary>sRGB (8-bit) to and from CIE L*a*b* with the D65 white, as libvips converts for modulate.</summary>
internal static class Lab
{
    private const double Xn = 0.95047, Yn = 1.0, Zn = 1.08883;
    private static readonly double[] ToLinear = Enumerable.Range(0, 256)
        .Select(v => v / 255.0 <= 0.04045 ? v / 255.0 / 12.92 : Math.Pow((v / 255.0 + 0.055) / 1.055, 2.4)).ToArray();

    public static (double L, double A, double B) FromSrgb(byte r8, byte g8, byte b8)
    {
        double r = ToLinear[r8], g = ToLinear[g8], b = ToLinear[b8];
        var x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / Xn;
        var y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / Yn;
        var z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / Zn;
        double fx = F(x), fy = F(y), fz = F(z);
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    public static (byte R, byte G, byte B) ToSrgb(double l, double a, double b)
    {
        var fy = (l + 16) / 116;
        double x = Xn * FInverse(fy + a / 500), y = Yn * FInverse(fy), z = Zn * FInverse(fy - b / 200);
        var r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        var g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        var bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return (Encode(r), Encode(g), Encode(bl));
    }

    private static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    private static double FInverse(double t) => t * t * t > 216.0 / 24389 ? t * t * t : (116 * t - 16) * 27 / 24389;

    private static byte Encode(double linear)
    {
        var v = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.Pow(linear, 1 / 2.4) - 0.055;
        return (byte)Math.Clamp(Math.Round(v * 255), 0, 255);
    }
}
