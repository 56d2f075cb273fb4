using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace Portal.Engine.Images.Processing;

/// <summary>The camera (make and model) and when the photo was taken, from EXIF when the image has them (MetadataExtractor).</summary>
public sealed record ExifFacts(string? Camera, DateTime? TakenAt)
{
    public static readonly ExifFacts None = new(null, null);
    private const int MaxCameraLength = 200;

    /// <summary>What the image's EXIF says; <see cref="None"/> when it has none or it is unreadable (metadata never fails an image).</summary>
    public static ExifFacts Read(byte[] image)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(new MemoryStream(image, writable: false));
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or MetadataException or ArgumentException or IndexOutOfRangeException)
        {
            return None;
        }
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var make = Clean(ifd0?.GetString(ExifDirectoryBase.TagMake));
        var model = Clean(ifd0?.GetString(ExifDirectoryBase.TagModel));
        // Models often repeat the make ("Canon" + "Canon EOS 80D"): say it once.
        var camera = model is null ? make
            : make is null || model.StartsWith(make, StringComparison.OrdinalIgnoreCase) ? model
            : $"{make} {model}";
        if (camera?.Length > MaxCameraLength) camera = camera[..MaxCameraLength];

        DateTime? taken = null;
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        foreach (var (directory, tag) in new (MetadataExtractor.Directory?, int)[]
                 { (sub, ExifDirectoryBase.TagDateTimeOriginal), (sub, ExifDirectoryBase.TagDateTimeDigitized), (ifd0, ExifDirectoryBase.TagDateTime) })
        {
            if (directory?.GetString(tag) is { } text && DateTime.TryParseExact(text.Trim(), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var parsed))
            {
                // EXIF has no zone: the camera's clock as it read, kept as such (stored as UTC so both databases keep it alike).
                taken = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
                break;
            }
        }
        return new ExifFacts(camera, taken);
    }

    private static string? Clean(string? text)
    {
        var trimmed = new string((text ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }
}
