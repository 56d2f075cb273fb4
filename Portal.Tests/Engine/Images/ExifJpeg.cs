using System.Buffers.Binary;
using System.Text;

namespace Portal.Tests.Engine.Images;

/// <summary>A JPEG with an EXIF block as a camera writes it: make, model, orientation and DateTimeOriginal.</summary>
internal static class ExifJpeg
{
    public static byte[] With(byte[] jpeg, string make, string model, DateTime taken, ushort orientation = 1)
    {
        var makeBytes = Ascii(make);
        var modelBytes = Ascii(model);
        var dateBytes = Ascii(taken.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        const int ifd0 = 8, ifd0Entries = 4;
        var data = ifd0 + 2 + ifd0Entries * 12 + 4;
        var makeAt = data;
        var modelAt = makeAt + makeBytes.Length;
        var exifIfd = modelAt + modelBytes.Length;
        var dateAt = exifIfd + 2 + 12 + 4;
        var tiff = new byte[dateAt + dateBytes.Length];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), ifd0);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(ifd0), ifd0Entries);
        Entry(tiff, ifd0 + 2, 0x010F, 2, makeBytes.Length, makeAt);
        Entry(tiff, ifd0 + 14, 0x0110, 2, modelBytes.Length, modelAt);
        Entry(tiff, ifd0 + 26, 0x0112, 3, 1, orientation << 16); // a SHORT sits in the first two bytes of the value
        Entry(tiff, ifd0 + 38, 0x8769, 4, 1, exifIfd);
        makeBytes.CopyTo(tiff, makeAt);
        modelBytes.CopyTo(tiff, modelAt);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(exifIfd), 1);
        Entry(tiff, exifIfd + 2, 0x9003, 2, dateBytes.Length, dateAt);
        dateBytes.CopyTo(tiff, dateAt);

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text + "\0");

    private static void Entry(byte[] tiff, int at, ushort tag, ushort type, int count, int value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 8), (uint)value);
    }
}
