using System.Buffers.Binary;

namespace Portal.Engine.Imaging.Formats;

/// <summary>
/// AVIF (HEIF with AV1 images, ISO/IEC 23008-12): the brand in its <c>ftyp</c> box, and the size its <c>ispe</c> (image spatial
/// extents) properties declare, found at <c>meta/iprp/ipco/ispe</c>. A file may hold several (the image, its alpha plane, a
/// thumbnail): the largest is taken, so the pixel limit errs on the side of refusing. Every box is checked against the bytes there are.
/// </summary>
internal static class AvifHeader
{
    /// <summary>"....ftypavif" (a still) or "....ftypavis" (a sequence), as SIH's inferImageType.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8) && (data[8..12].SequenceEqual("avif"u8) || data[8..12].SequenceEqual("avis"u8));

    public static (int Width, int Height)? Size(ReadOnlySpan<byte> data)
    {
        if (!HasMagic(data)) return null;
        var meta = Find(data, "meta"u8);
        if (meta is null) return null;
        var metaBody = meta.Value;
        if (metaBody.Length < 4) return null;
        var iprp = Find(data.Slice(metaBody.Start + 4, metaBody.Length - 4), "iprp"u8, metaBody.Start + 4);
        if (iprp is null) return null;
        var ipco = Find(data.Slice(iprp.Value.Start, iprp.Value.Length), "ipco"u8, iprp.Value.Start);
        if (ipco is null) return null;

        (long W, long H) largest = (0, 0);
        var at = ipco.Value.Start;
        var end = ipco.Value.Start + ipco.Value.Length;
        while (Box(data, at, end) is { } box)
        {
            if (data.Slice(at + 4, 4).SequenceEqual("ispe"u8))
            {
                if (box.Length < 12) return null; // version and flags, width, height
                var width = BinaryPrimitives.ReadUInt32BigEndian(data[(box.Start + 4)..]);
                var height = BinaryPrimitives.ReadUInt32BigEndian(data[(box.Start + 8)..]);
                if (width == 0 || height == 0) return null;
                if ((long)width * height > largest.W * largest.H) largest = (width, height);
            }
            at = box.Start + box.Length;
        }
        if (largest.W == 0) return null;
        return ((int)Math.Min(largest.W, int.MaxValue), (int)Math.Min(largest.H, int.MaxValue));
    }

    /// <summary>
    /// The body (after the header) of the first box of <paramref name="type"/> among the boxes of <paramref name="data"/>, where
    /// <paramref name="data"/> starts <paramref name="offset"/> bytes into the file (the answer counts from the file's start).
    /// </summary>
    private static (int Start, int Length)? Find(ReadOnlySpan<byte> data, ReadOnlySpan<byte> type, int offset = 0)
    {
        var at = 0;
        while (Box(data, at, data.Length) is { } box)
        {
            if (data.Slice(at + 4, 4).SequenceEqual(type)) return (offset + box.Start, box.Length);
            at = box.Start + box.Length;
        }
        return null;
    }

    /// <summary>The body of the box starting at <paramref name="at"/> (ending before <paramref name="end"/>), or null when there is none or it runs past the end.</summary>
    private static (int Start, int Length)? Box(ReadOnlySpan<byte> data, int at, int end)
    {
        if (at < 0 || at + 8 > end) return null;
        long size = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        var header = 8;
        if (size == 1)
        {
            if (at + 16 > end) return null;
            size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(data[(at + 8)..]), long.MaxValue);
            header = 16;
        }
        else if (size == 0) size = end - at; // to the end
        if (size < header || at + size > end) return null;
        return (at + header, (int)size - header);
    }
}
