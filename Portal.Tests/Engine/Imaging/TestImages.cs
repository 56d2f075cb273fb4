using System.Buffers.Binary;
using SkiaSharp;

namespace Portal.Tests.Engine.Imaging;

/// <summary>Small images made in code for the imaging tests, and helpers to look at results.</summary>
internal static class TestImages
{
    public static readonly SKColor TopLeft = new(255, 0, 0), TopRight = new(0, 255, 0), BottomLeft = new(0, 0, 255), BottomRight = new(255, 255, 0);

    /// <summary>Four flat quadrants (red, green / blue, yellow): turns and mirrors are visible in the corners.</summary>
    public static SKBitmap Quadrants(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint();
        void Fill(SKColor color, float l, float t, float r, float b) { paint.Color = color; canvas.DrawRect(new SKRect(l, t, r, b), paint); }
        Fill(TopLeft, 0, 0, width / 2f, height / 2f);
        Fill(TopRight, width / 2f, 0, width, height / 2f);
        Fill(BottomLeft, 0, height / 2f, width / 2f, height);
        Fill(BottomRight, width / 2f, height / 2f, width, height);
        return bitmap;
    }

    /// <summary>A smooth photo-like image (gradients and rings) with detail at every scale.</summary>
    public static SKBitmap Photo(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 4;
                var d = Math.Sqrt((x - width / 2.0) * (x - width / 2.0) + (y - height / 3.0) * (y - height / 3.0));
                pixels[i] = (byte)(255 * x / width);
                pixels[i + 1] = (byte)(128 + 127 * Math.Sin(d / 9));
                pixels[i + 2] = (byte)(255 * y / height);
                pixels[i + 3] = 255;
            }
        return bitmap;
    }

    public static SKBitmap Flat(int width, int height, SKColor color)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, color.Alpha == 255 ? SKAlphaType.Opaque : SKAlphaType.Premul));
        bitmap.Erase(color);
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 95)
    {
        using (bitmap)
        using (var data = bitmap.Encode(format, quality))
            return data.ToArray();
    }

    public static byte[] Jpeg(SKBitmap bitmap, int quality = 95) => Encode(bitmap, SKEncodedImageFormat.Jpeg, quality);
    public static byte[] Png(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Png);
    public static byte[] Webp(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Webp, 100);

    /// <summary>A JPEG with an EXIF APP1 segment whose Orientation tag is <paramref name="orientation"/> (1-8).</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, // Orientation, SHORT, 1
            0, 0, 0, 0, // no next IFD
        ];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }

    /// <summary>A PNG whose header declares <paramref name="width"/> x <paramref name="height"/> but holds almost no data.</summary>
    public static byte[] PngDeclaring(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        return [.. (byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], .. Chunk("IHDR", ihdr), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    /// <summary>A JPEG start whose frame header declares <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] JpegDeclaring(ushort width, ushort height)
    {
        var real = Jpeg(Photo(16, 16));
        // Find the SOF0 marker and overwrite its size fields.
        for (var i = 2; i + 9 < real.Length; i++)
        {
            if (real[i] == 0xFF && real[i + 1] == 0xC0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(real.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(real.AsSpan(i + 7), width);
                return real;
            }
        }
        throw new InvalidOperationException("no SOF0 in the test JPEG");
    }

    /// <summary>A 1x1 white GIF, written by hand since Skia does not encode GIF.</summary>
    public static byte[] Gif() =>
    [
        .. "GIF89a"u8.ToArray(), 1, 0, 1, 0, 0x80, 0, 0, // screen 1x1, global colour table of 2
        255, 255, 255, 0, 0, 0, // white, black
        0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, // image descriptor 1x1
        2, 2, 0x44, 0x01, 0, // LZW: minimum code size 2, one sub-block
        0x3B,
    ];

    public static SKBitmap Decode(byte[] bytes) =>
        SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("the result does not decode");

    public static SKColor Pixel(SKBitmap bitmap, int x, int y) => bitmap.GetPixel(x, y);

    /// <summary>True when every channel is within <paramref name="tolerance"/>.</summary>
    public static bool Near(SKColor actual, SKColor expected, int tolerance = 12) =>
        Math.Abs(actual.Red - expected.Red) <= tolerance && Math.Abs(actual.Green - expected.Green) <= tolerance &&
        Math.Abs(actual.Blue - expected.Blue) <= tolerance && Math.Abs(actual.Alpha - expected.Alpha) <= tolerance;

    public static double Psnr(SKBitmap a, SKBitmap b)
    {
        double sum = 0;
        long count = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a.GetPixel(x, y), b.GetPixel(x, y));
                sum += Sq(p.Red - q.Red) + Sq(p.Green - q.Green) + Sq(p.Blue - q.Blue);
                count += 3;
            }
        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255 / (sum / count));
        static double Sq(int v) => v * v;
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
