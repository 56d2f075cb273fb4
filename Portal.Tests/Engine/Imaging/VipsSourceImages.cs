using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// TIFF, AVIF and SVG sources for the tests. TIFF is written here byte by byte (uncompressed RGB, one strip) so both byte
/// orders ("II" and "MM") and an orientation tag can be chosen; AVIF by libvips (libheif and aom, as the engine writes it).
/// </summary>
public static class VipsSourceImages
{
    /// <summary>An uncompressed 8-bit RGB TIFF of <paramref name="bitmap"/>; <paramref name="orientation"/> 1-8 as EXIF's, when given.</summary>
    public static byte[] Tiff(SKBitmap bitmap, bool bigEndian = false, ushort? orientation = null)
    {
        int width = bitmap.Width, height = bitmap.Height;
        var tags = new List<(ushort Tag, ushort Type, uint Value)>
        {
            (256, 4, (uint)width), (257, 4, (uint)height), (258, 3, 0), (259, 3, 1), (262, 3, 2), (273, 4, 0),
            (277, 3, 3), (278, 4, (uint)height), (279, 4, (uint)(width * height * 3)),
        };
        if (orientation is { } o) tags.Add((274, 3, o));
        tags.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        var ifdLength = 2 + tags.Count * 12 + 4;
        var bitsAt = 8 + ifdLength;
        var pixelsAt = bitsAt + 6;
        var file = new byte[pixelsAt + width * height * 3];
        "II*\0"u8.CopyTo(file);
        if (bigEndian) "MM\0*"u8.CopyTo(file);
        U32(file, 4, 8);
        U16(file, 8, (ushort)tags.Count);
        for (var i = 0; i < tags.Count; i++)
        {
            var (tag, type, value) = tags[i];
            var entry = 10 + i * 12;
            U16(file, entry, tag);
            U16(file, entry + 2, type);
            U32(file, entry + 4, tag == 258 ? 3u : 1u);
            var stored = tag switch { 258 => (uint)bitsAt, 273 => (uint)pixelsAt, _ => value };
            if (type == 3 && tag != 258) U16(file, entry + 8, (ushort)stored);
            else U32(file, entry + 8, stored);
        }
        for (var i = 0; i < 3; i++) U16(file, bitsAt + i * 2, 8);
        var at = pixelsAt;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                file[at++] = c.Red;
                file[at++] = c.Green;
                file[at++] = c.Blue;
            }
        return file;

        void U16(byte[] b, int offset, ushort v)
        {
            if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(offset), v);
            else BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(offset), v);
        }

        void U32(byte[] b, int offset, uint v)
        {
            if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(offset), v);
            else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), v);
        }
    }

    /// <summary>An AVIF of <paramref name="bitmap"/> (opaque), quality 90, 4:4:4, by libvips.</summary>
    public static byte[] Avif(SKBitmap bitmap)
    {
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        var i = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                rgb[i++] = c.Red;
                rgb[i++] = c.Green;
                rgb[i++] = c.Blue;
            }
        using var memory = NetVips.Image.NewFromMemory(rgb, bitmap.Width, bitmap.Height, 3, NetVips.Enums.BandFormat.Uchar);
        using var srgb = memory.Copy(interpretation: NetVips.Enums.Interpretation.Srgb);
        return srgb.HeifsaveBuffer(q: 90, compression: NetVips.Enums.ForeignHeifCompression.Av1, effort: 0,
            subsampleMode: NetVips.Enums.ForeignSubsample.Off, bitdepth: 8);
    }

    /// <summary>An SVG of <paramref name="width"/> x <paramref name="height"/> holding <paramref name="body"/>.</summary>
    public static byte[] Svg(int width, int height, string body) =>
        System.Text.Encoding.UTF8.GetBytes($"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width}\" height=\"{height}\">{body}</svg>");
}
