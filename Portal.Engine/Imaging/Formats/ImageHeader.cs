using System.Buffers.Binary;

namespace Portal.Engine.Imaging.Formats;

/// <summary>
/// The format (by magic bytes) and the declared size of an encoded image, read from its first bytes
/// without decoding pixels, so oversized images ("decompression bombs") are refused before any
/// pixel memory is allocated.
/// </summary>
public readonly record struct ImageHeader(ImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>The format by magic bytes, or null with what the bytes look like instead.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> data, out string description)
    {
        description = "";
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return ImageFormat.Jpeg;
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return ImageFormat.Png;
        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)) return ImageFormat.Gif;
        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8)) return ImageFormat.Webp;
        if (TiffHeader.HasMagic(data)) return ImageFormat.Tiff;
        if (AvifHeader.HasMagic(data)) return ImageFormat.Avif;
        if (IsSvg(data)) return ImageFormat.Svg;
        description = Describe(data);
        return null;
    }

    /// <summary>Reads the header; null when it is missing or damaged, and for SVG (text: its size is known once libvips parses it).</summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> data)
    {
        var format = Sniff(data, out _);
        (int W, int H)? size = format switch
        {
            ImageFormat.Jpeg => JpegSize(data),
            ImageFormat.Png => PngSize(data),
            ImageFormat.Gif => data.Length >= 10 ? (BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..])) : null,
            ImageFormat.Webp => WebpSize(data),
            ImageFormat.Tiff => TiffHeader.Size(data),
            ImageFormat.Avif => AvifHeader.Size(data),
            _ => null,
        };
        if (format is null || size is not { W: > 0, H: > 0 } s) return null;
        return new ImageHeader(format.Value, s.W, s.H);
    }

    private static (int, int)? PngSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 24 || !data[12..16].SequenceEqual("IHDR"u8)) return null;
        var width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        return width > int.MaxValue || height > int.MaxValue ? (int.MaxValue, int.MaxValue) : ((int)width, (int)height);
    }

    private static (int, int)? JpegSize(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF) return null;
            var marker = data[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is 0xD8 or 0x01 or >= 0xD0 and <= 0xD7) { i += 2; continue; } // no length
            if (marker is 0xD9 or 0xDA) return null; // end of image or start of scan before a frame header
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (length < 2) return null;
            var isFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrame)
            {
                if (i + 9 > data.Length) return null;
                return (BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]));
            }
            i += 2 + length;
        }
        return null;
    }

    private static (int, int)? WebpSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30) return null;
        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
            return (1 + (data[24] | data[25] << 8 | data[26] << 16), 1 + (data[27] | data[28] << 8 | data[29] << 16));
        if (chunk.SequenceEqual("VP8 "u8))
            return (BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        if (chunk.SequenceEqual("VP8L"u8) && data[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        return null;
    }

    /// <summary>Text starting with <c>&lt;svg</c>, or an XML declaration (and comments, a doctype) before one in its first 512 bytes.</summary>
    private static bool IsSvg(ReadOnlySpan<byte> data)
    {
        var text = StartText(data);
        return text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
               || (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<!--", StringComparison.Ordinal)
                   || text.StartsWith("<!DOCTYPE svg", StringComparison.OrdinalIgnoreCase))
               && text.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }

    private static string StartText(ReadOnlySpan<byte> data) =>
        System.Text.Encoding.ASCII.GetString(data[..Math.Min(data.Length, 512)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');

    private static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return "it is empty";
        var text = StartText(data);
        if (text.StartsWith('<')) return "it looks like XML or HTML";
        if (data.StartsWith("BM"u8)) return "it is BMP, which is not accepted";
        if (data.StartsWith("II+\0"u8) || data.StartsWith("MM\0+"u8)) return "it is BigTIFF, which is not accepted";
        if (data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8)) return "it is HEIF other than AVIF (HEIC), which is not accepted";
        if (data.StartsWith("%PDF"u8)) return "it is PDF, which is not accepted";
        return "its first bytes match no accepted image format";
    }
}
