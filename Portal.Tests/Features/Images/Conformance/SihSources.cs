using System.Collections.Concurrent;
using SkiaSharp;
using Portal.Tests.Engine.Imaging;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>
/// The objects the cases read, under the keys SIH's tests name. Most are four quadrants, 240x200 (SIH's tests mock S3,
/// so any image does; a non-square one shows turns in the size). SIH's own test images are kept as they are.
/// </summary>
public static class SihSources
{
    public const int Width = 240, Height = 200;

    /// <summary>The keys SIH's tests read, each holding the quadrants as a JPEG.</summary>
    public static readonly string[] QuadrantJpegKeys =
    [
        "test-image-001.jpg", "thumbor-image.jpg", "thumbor-image (1).jpg", "thumbor-image (1.jpg", "thumbor-image 1).jpg",
        "thumbor-image (1) suffix.jpg", "fit-in-thumbor-image (1) suffix.jpg", "test-100x100/test/beach-100x100.jpg", "custom-image.jpg",
        "custom-image", "image.jpg", "image", "sampleImageKey001.jpg", "sample-image-001.jpg", "validKey", "中文", "test.jpg",
        "env-prod/gcc/landingpage/1_57_SlimN_Lift-Corset-For-Men-SNAP/attachments/ffc1f160-bd38-41e8-8bad-e3a19cc61dd3__سليم ليفت (2).jpg",
    ];

    private static readonly string[] SihImageFiles =
    [
        "1x1.jpg", "25x15.png", "aws_logo.png", "transparent-10x10.jpeg", "transparent-10x10.png", "transparent-10x5.jpeg", "transparent-10x5.png",
        "transparent-5x10.jpeg", "transparent-5x10.png", "transparent-5x5-2page.gif", "transparent-5x5.jpeg", "transparent-5x5.png",
    ];

    /// <summary>SIH's crop.spec.ts images (base64 in the spec).</summary>
    private const string White1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAAsTAAALEwEAmpwYAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC";
    private const string White5x5 = "iVBORw0KGgoAAAANSUhEUgAAAAUAAAAFAQAAAAClFBtIAAAABGdBTUEAALGPC/xhBQAAACBjSFJNAAB6JgAAgIQAAPoAAACA6AAAdTAAAOpgAAA6mAAAF3CculE8AAAAAmJLR0QAAd2KE6QAAAAHdElNRQfnAxYODhUMhxdmAAAADElEQVQI12P4wQCFABhCBNn4i/hQAAAAJXRFWHRkYXRlOmNyZWF0ZQAyMDIzLTAzLTIyVDE0OjE0OjIxKzAwOjAwtK8ALAAAACV0RVh0ZGF0ZTptb2RpZnkAMjAyMy0wMy0yMlQxNDoxNDoyMSswMDowMMXyuJAAAAAASUVORK5CYII=";

    /// <summary>Stored with a generic content type: the handler must tell the image from its first bytes.</summary>
    private static readonly (string Key, string ContentType)[] Untyped =
    [
        ("magic/png", "binary/octet-stream"), ("magic/webp", "application/octet-stream"), ("magic/gif", "binary/octet-stream"),
        ("magic/gif-app", "application/octet-stream"), ("magic/jpeg-db", "application/octet-stream"), ("magic/jpeg-e0", "binary/octet-stream"),
        ("magic/jpeg-e1", "application/octet-stream"), ("magic/jpeg-e2", "binary/octet-stream"), ("magic/jpeg-ed", "application/octet-stream"),
        ("magic/jpeg-ee", "binary/octet-stream"), ("magic/none", "binary/octet-stream"),
        ("magic/tiff-ii", "binary/octet-stream"), ("magic/tiff-mm", "application/octet-stream"), ("magic/avif", "binary/octet-stream"),
        ("magic/avif-app", "application/octet-stream"),
    ];

    private static readonly ConcurrentDictionary<string, byte[]> Cache = new();

    public static IEnumerable<(string Key, string ContentType)> All() =>
        QuadrantJpegKeys.Select(k => (k, "image/jpeg"))
            .Concat(new (string, string)[] { ("quad.png", "image/png"), ("test.png", "image/png"), ("photo.jpg", "image/jpeg"), ("photo.webp", "image/webp"),
                ("image_without_extension", "image/png"), ("image_without_extension.png", "image/png"), ("logo.png", "image/png"),
                ("folder/key.png", "image/png"), ("key.png", "image/png"), ("alpha.png", "image/png"), ("lowcontrast.png", "image/png"),
                ("white-1x1.png", "image/png"), ("white-5x5.png", "image/png"), ("image.svg", "image/svg+xml"), ("one-page.gif", "image/gif"), ("three-frames.gif", "image/gif") })
            .Concat(SihImageFiles.Select(f => (f, f.EndsWith(".png") ? "image/png" : f.EndsWith(".gif") ? "image/gif" : "image/jpeg")))
            .Concat(Untyped);

    public static byte[] Bytes(string key) => Cache.GetOrAdd(key, Make);

    private static byte[] Make(string key) => key switch
    {
        _ when QuadrantJpegKeys.Contains(key) => TestImages.Jpeg(TestImages.Quadrants(Width, Height)),
        "quad.png" or "test.png" => TestImages.Png(TestImages.Quadrants(Width, Height)),
        "photo.jpg" => TestImages.Jpeg(TestImages.Photo(Width, Height)),
        "photo.webp" => TestImages.Webp(TestImages.Photo(Width, Height)),
        "image_without_extension" or "image_without_extension.png" => TestImages.Png(TestImages.Photo(Width, Height)),
        "logo.png" or "folder/key.png" or "key.png" => TestImages.Png(TestImages.Flat(20, 20, SihLooks.Magenta)),
        "alpha.png" => TestImages.Png(HalfTransparent()),
        "lowcontrast.png" => TestImages.Png(LowContrast()),
        "white-1x1.png" => Convert.FromBase64String(White1x1),
        "white-5x5.png" => Convert.FromBase64String(White5x5),
        "image.svg" => "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\"><rect width=\"20\" height=\"10\" fill=\"red\"/></svg>"u8.ToArray(),
        "one-page.gif" => TestImages.Gif(),
        "three-frames.gif" => AnimatedGifs.ThreeFrames(40, 30),
        "magic/png" => TestImages.Png(TestImages.Quadrants(Width, Height)),
        "magic/webp" => TestImages.Webp(TestImages.Quadrants(Width, Height)),
        "magic/gif" or "magic/gif-app" => File.ReadAllBytes(SihImage("transparent-5x5-2page.gif")),
        "magic/jpeg-db" => JpegStartingWith(0xDB),
        "magic/jpeg-e0" => JpegStartingWith(0xE0),
        "magic/jpeg-e1" => JpegStartingWith(0xE1),
        "magic/jpeg-e2" => JpegStartingWith(0xE2),
        "magic/jpeg-ed" => JpegStartingWith(0xED),
        "magic/jpeg-ee" => JpegStartingWith(0xEE),
        "magic/none" => "SampleImageContent\n"u8.ToArray(), // get-original-image.spec.ts: no image signature
        "magic/tiff-ii" => VipsSourceImages.Tiff(TestImages.Quadrants(Width, Height)), // 49 49 2A 00
        "magic/tiff-mm" => VipsSourceImages.Tiff(TestImages.Quadrants(Width, Height), bigEndian: true), // 4D 4D 00 2A
        "magic/avif" or "magic/avif-app" => VipsSourceImages.Avif(TestImages.Quadrants(Width, Height)), // ....ftypavif
        _ => File.ReadAllBytes(SihImage(key)),
    };

    private static string SihImage(string file) => Path.Combine(AppContext.BaseDirectory, "Features", "Images", "Conformance", "SihImages", file);

    /// <summary>
    /// The quadrants as a JPEG whose third and fourth bytes are FF <paramref name="marker"/>, as SIH's infer-image-type cases:
    /// DB drops the JFIF segment (the quantisation table comes first), Ex renames it to another application segment.
    /// </summary>
    private static byte[] JpegStartingWith(byte marker)
    {
        var jpeg = TestImages.Jpeg(TestImages.Quadrants(Width, Height));
        if (jpeg[2] != 0xFF || jpeg[3] != 0xE0) throw new InvalidOperationException("expected a JFIF segment first");
        if (marker == 0xE0) return jpeg;
        if (marker != 0xDB) { jpeg[3] = marker; return jpeg; }
        var length = (jpeg[4] << 8) | jpeg[5];
        return [.. jpeg[..2], .. jpeg[(4 + length)..]];
    }

    /// <summary>40x20: the left half fully transparent, the right half red.</summary>
    private static SKBitmap HalfTransparent()
    {
        var bitmap = new SKBitmap(new SKImageInfo(40, 20, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < 20; y++)
            for (var x = 0; x < 40; x++)
                bitmap.SetPixel(x, y, x < 20 ? SKColors.Transparent : SihLooks.Red);
        return bitmap;
    }

    /// <summary>40x20 in two dull greys (100 and 150): stretching the contrast makes them near black and white.</summary>
    private static SKBitmap LowContrast()
    {
        var bitmap = new SKBitmap(new SKImageInfo(40, 20, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < 20; y++)
            for (var x = 0; x < 40; x++)
                bitmap.SetPixel(x, y, x < 20 ? new SKColor(100, 100, 100) : new SKColor(150, 150, 150));
        return bitmap;
    }
}
