using System.Text;
using SkiaSharp;
using Portal.Tests.Engine.Imaging;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>
/// What the cases look for in an answer. Most sources are four flat quadrants (red, green / blue, yellow), so where each
/// colour ended up tells which way the pixels went; in grey the quadrants keep their order of brightness
/// (blue &lt; red &lt; green &lt; yellow), whichever grey formula is used.
/// </summary>
public static class SihLooks
{
    public static readonly SKColor Red = TestImages.TopLeft, Green = TestImages.TopRight, Blue = TestImages.BottomLeft, Yellow = TestImages.BottomRight;
    public static readonly SKColor Magenta = new(255, 0, 255), White = new(255, 255, 255);

    private static readonly (double X, double Y)[] Quarters = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)];

    public static Look Quadrants(SKColor tl, SKColor tr, SKColor bl, SKColor br, string description) =>
        Look.Of(description, a => Quarters.Zip(new[] { tl, tr, bl, br }).All(q => Near(Pixel(a.Bitmap, q.First.X, q.First.Y), q.Second)));

    public static readonly Look AsStored = Quadrants(Red, Green, Blue, Yellow, "quadrants where they were");
    public static readonly Look Flopped = Quadrants(Green, Red, Yellow, Blue, "mirrored: the left half is now on the right");
    public static readonly Look Flipped = Quadrants(Blue, Yellow, Red, Green, "upside down: the top half is now at the bottom");
    public static readonly Look TurnedClockwise = Quadrants(Blue, Red, Yellow, Green, "turned 90° clockwise: the top-left quadrant is now top-right");

    /// <summary>Grey, with the quadrants' brightness in the order their colours give.</summary>
    public static Look GreyQuadrants(SKColor tl, SKColor tr, SKColor bl, SKColor br, string description) => Look.Of(description, a =>
    {
        var measured = Quarters.Select(q => Pixel(a.Bitmap, q.X, q.Y)).ToArray();
        if (!measured.All(IsGrey)) return false;
        var order = new[] { tl, tr, bl, br }.Select((c, i) => (Rank: Brightness(c), Value: (int)measured[i].Red)).OrderBy(p => p.Rank).ToArray();
        return order.Zip(order.Skip(1)).All(p => p.First.Value + 8 < p.Second.Value);
    });

    public static readonly Look Grey = GreyQuadrants(Red, Green, Blue, Yellow, "grey, quadrants where they were");
    public static readonly Look GreyTurnedClockwise = GreyQuadrants(Blue, Red, Yellow, Green, "grey and turned 90° clockwise");
    public static readonly Look GreyFlipped = GreyQuadrants(Blue, Yellow, Red, Green, "grey and upside down");
    public static readonly Look AllGrey = Look.Of("grey", a => Quarters.All(q => IsGrey(Pixel(a.Bitmap, q.X, q.Y))));

    public static Look At(double x, double y, SKColor color, string description) => Look.Of(description, a => Near(Pixel(a.Bitmap, x, y), color));

    public static Look AtPixel(int x, int y, SKColor color, string description) => Look.Of(description, a => Near(a.Bitmap.GetPixel(x, y), color));

    public static Look NotAtPixel(int x, int y, SKColor color, string description) => Look.Of(description, a => !Near(a.Bitmap.GetPixel(x, y), color));

    public static Look Transparent(double x, double y, string description) => Look.Of(description, a => Pixel(a.Bitmap, x, y).Alpha < 16);

    public static Look Opaque(double x, double y, string description) => Look.Of(description, a => Pixel(a.Bitmap, x, y).Alpha > 240);

    /// <summary>The answer is the stored object, byte for byte.</summary>
    public static Look StoredBytes(string key) => Look.Of("the stored bytes, untouched", a => a.Body.AsSpan().SequenceEqual(SihSources.Bytes(key)));

    public static Look NotStoredBytes(string key) => Look.Of("re-encoded (not the stored bytes)", a => !a.Body.AsSpan().SequenceEqual(SihSources.Bytes(key)));

    public static Look SameBytesAs(SihRequest other) =>
        new($"the same bytes as `{other.Path}`", async a => { var theirs = await a.Fetch(other); return a.Body.AsSpan().SequenceEqual(theirs); });

    public static Look SmallerThan(SihRequest other) =>
        new($"fewer bytes than `{other.Path}` (a lower quality)", async a => a.Body.Length < (await a.Fetch(other)).Length);

    public static Look LargerThan(SihRequest other) =>
        new($"more bytes than `{other.Path}` (a higher quality)", async a => a.Body.Length > (await a.Fetch(other)).Length);

    /// <summary>The frames libvips' loader finds (a still has one).</summary>
    public static Look Frames(int count) => Look.Of(count == 1 ? "one frame (a still)" : $"{count} frames (animated)", a => AnimatedGifs.Read(a.Body).Frames == count);

    /// <summary>A PNG of indexed colour (colour type 3): sharp's <c>png({quality})</c> palette.</summary>
    public static readonly Look PalettePng = Look.Of("a palette PNG (indexed colour)", a => a.Body.Length > 25 && a.Body[25] == 3);

    /// <summary>
    /// The answer's first frame as RGBA: Skia's decoders, else libvips' (TIFF, AVIF and HEIF, which Skia does not read).
    /// </summary>
    public static SKBitmap? Decode(byte[] body)
    {
        using (var data = SKData.CreateCopy(body))
        using (var codec = SKCodec.Create(data))
            if (codec is not null) return SKBitmap.Decode(codec);
        try
        {
            using var image = NetVips.Image.NewFromBuffer(body);
            using var srgb = image.Colourspace(NetVips.Enums.Interpretation.Srgb);
            using var uchar = srgb.Cast(NetVips.Enums.BandFormat.Uchar);
            using var rgba = uchar.HasAlpha() ? uchar.Copy() : uchar.Bandjoin(255);
            var pixels = rgba.WriteToMemory<byte>();
            var decoded = new SKBitmap(new SKImageInfo(rgba.Width, rgba.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, decoded.GetPixels(), pixels.Length);
            return decoded;
        }
        catch (NetVips.VipsException)
        {
            return null;
        }
    }

    public static readonly Look NoExif = Look.Of("no EXIF", a => !Contains(a.Body, "Exif\0\0"));
    public static readonly Look NoIcc = Look.Of("no ICC profile", a => !Contains(a.Body, "ICC_PROFILE") && !Contains(a.Body, "iCCP"));
    public static readonly Look KeepsExifAndIcc = Look.Of("EXIF and ICC profile kept", a => Contains(a.Body, "Exif\0\0") && Contains(a.Body, "ICC_PROFILE"));

    public static Look Header(string name, string value) => Look.Of($"`{name}: {value}`", a => Values(a.Response, name).Contains(value));

    public static Look NoHeader(string name) => Look.Of($"no `{name}`", a => Values(a.Response, name).Count == 0);

    /// <summary>The catalog's images are public for <paramref name="seconds"/>; a customer's own are private whatever was asked.</summary>
    public static Look CacheControl(int seconds) => Look.Of($"`Cache-Control: public, max-age={seconds}` on /catalog-img, private on /img", a =>
        a.Response.Headers.CacheControl is { } c && (a.IsPublic ? c.Public && !c.Private && c.MaxAge == TimeSpan.FromSeconds(seconds) : c.Private && !c.Public));

    private static List<string> Values(HttpResponseMessage response, string name) =>
        (response.Headers.TryGetValues(name, out var v) ? v : response.Content.Headers.TryGetValues(name, out var c) ? c : []).ToList();

    private static SKColor Pixel(SKBitmap bitmap, double x, double y) =>
        bitmap.GetPixel(Math.Clamp((int)(x * bitmap.Width), 0, bitmap.Width - 1), Math.Clamp((int)(y * bitmap.Height), 0, bitmap.Height - 1));

    private static bool Near(SKColor a, SKColor b) =>
        Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue) < 60 && a.Alpha > 200;

    private static bool IsGrey(SKColor c) => Math.Abs(c.Red - c.Green) < 8 && Math.Abs(c.Green - c.Blue) < 8;

    private static double Brightness(SKColor c) => 0.2126 * c.Red + 0.7152 * c.Green + 0.0722 * c.Blue;

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;
}
