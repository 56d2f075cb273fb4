using System.Collections.Concurrent;
using SkiaSharp;

namespace Portal.Engine.Demo;

/// <summary>
/// The OpenMoji motifs embedded in the engine (Art/*.png, see Art/ATTRIBUTION.md), decoded once per
/// process and shared: SKImage is immutable and safe to draw from several threads.
/// </summary>
public static class DemoArt
{
    /// <summary>The motifs' side in pixels.</summary>
    public const int MotifSize = 256;
    /// <summary>How far a shadow reaches past its motif on each side, in motif pixels.</summary>
    public const int ShadowPadding = 24;

    private static readonly ConcurrentDictionary<string, Lazy<SKImage>> Images = new();
    private static readonly ConcurrentDictionary<string, Lazy<SKImage>> Shadows = new();

    /// <summary>The motif with OpenMoji hexcode <paramref name="hexcode"/>; throws when it is not embedded.</summary>
    public static SKImage Motif(string hexcode) =>
        Images.GetOrAdd(hexcode, code => new Lazy<SKImage>(() => Load(code))).Value;

    /// <summary>
    /// The motif's soft shadow: its shape in black, blurred, <see cref="ShadowPadding"/> larger on each side.
    /// Made once per motif, so a photo draws two images instead of blurring a layer every time.
    /// </summary>
    public static SKImage Shadow(string hexcode) =>
        Shadows.GetOrAdd(hexcode, code => new Lazy<SKImage>(() => MakeShadow(Motif(code)))).Value;

    private static SKImage MakeShadow(SKImage motif)
    {
        var side = MotifSize + 2 * ShadowPadding;
        using var surface = SKSurface.Create(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var black = SKColorFilter.CreateBlendMode(SKColors.Black, SKBlendMode.SrcIn);
        using var blur = SKImageFilter.CreateBlur(9, 9);
        using var paint = new SKPaint { ColorFilter = black, ImageFilter = blur };
        surface.Canvas.DrawImage(motif, SKRect.Create(ShadowPadding, ShadowPadding, MotifSize, MotifSize), new SKSamplingOptions(SKFilterMode.Linear), paint);
        return surface.Snapshot().ToRasterImage(ensurePixelData: true);
    }

    private static SKImage Load(string hexcode)
    {
        var name = $"{typeof(DemoArt).Namespace}.Art.{hexcode}.png";
        using var stream = typeof(DemoArt).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The demo motif {hexcode} is not embedded (is it in Demo/Art/motifs.txt, and was scripts/demo-art/refresh.sh run?).");
        using var data = SKData.Create(stream);
        return SKImage.FromEncodedData(data)?.ToRasterImage(ensurePixelData: true)
            ?? throw new InvalidOperationException($"The demo motif {hexcode} cannot be decoded.");
    }
}
