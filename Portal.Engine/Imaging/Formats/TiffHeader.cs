using System.Buffers.Binary;

namespace Portal.Engine.Imaging.Formats;

/// <summary>
/// The size a TIFF declares in its first image file directory (IFD): tags 256 (ImageWidth) and 257 (ImageLength), SHORT or
/// LONG, in the file's byte order ("II" little-endian, "MM" big-endian). Every offset is checked against the bytes there are;
/// BigTIFF (version 43) is not read.
/// </summary>
internal static class TiffHeader
{
    private const ushort ImageWidth = 256, ImageLength = 257;
    private const ushort Short = 3, Long = 4;

    public static bool HasMagic(ReadOnlySpan<byte> data) => data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8);

    /// <summary>The first IFD's width and height; null when they are missing, zero or the directory is outside the file.</summary>
    public static (int Width, int Height)? Size(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8 || !HasMagic(data)) return null;
        var little = data[0] == (byte)'I';
        var ifd = U32(data, 4, little);
        if (ifd < 8 || ifd > data.Length - 2) return null;
        var entries = U16(data, (int)ifd, little);
        long width = 0, height = 0;
        for (var i = 0; i < entries; i++)
        {
            var entry = (int)ifd + 2 + i * 12;
            if (entry + 12 > data.Length) return null; // the directory runs past the end: truncated
            var tag = U16(data, entry, little);
            if (tag is not (ImageWidth or ImageLength)) continue;
            var type = U16(data, entry + 2, little);
            var count = U32(data, entry + 4, little);
            if (count != 1) return null;
            // A value of 4 bytes or fewer sits in the entry itself, left-justified.
            long value = type switch
            {
                Short => U16(data, entry + 8, little),
                Long => U32(data, entry + 8, little),
                _ => -1,
            };
            if (value <= 0) return null;
            if (tag == ImageWidth) width = value;
            else height = value;
        }
        if (width == 0 || height == 0) return null;
        return ((int)Math.Min(width, int.MaxValue), (int)Math.Min(height, int.MaxValue));
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
}
