namespace Portal.Engine.Images;

public enum ImageStatus { Uploaded, Processing, Ready, Failed, Deleted }

/// <summary>
/// An original image a user uploaded into their own space, and its saved renditions. An upload is stored as
/// <see cref="ImageStatus.Uploaded"/>; the image worker moves it to Processing, then Ready (standard renditions and
/// metadata filled in) or Failed (with <see cref="Error"/>).
/// </summary>
public class ImageAsset : ITimestamped
{
    public Guid Id { get; set; }
    public required string OwnerUserId { get; set; }
    public required string OriginalKey { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public ImageStatus Status { get; set; }
    /// <summary>Why processing failed (Failed only).</summary>
    public string? Error { get; set; }
    /// <summary>The SHA-256 of the original as uploaded (hex), carried by the ImageUploaded claim check.</summary>
    public string? Sha256 { get; set; }
    /// <summary>How many times processing started (a retry starts another).</summary>
    public int Attempts { get; set; }
    /// <summary>The original's format by its bytes: jpeg, png, webp or gif (once processed).</summary>
    public string? Format { get; set; }
    /// <summary>The camera from EXIF (make and model) when the original has it.</summary>
    public string? Camera { get; set; }
    /// <summary>When the photo was taken, from EXIF, when the original has it (as the camera's clock read it).</summary>
    public DateTime? TakenAt { get; set; }
    /// <summary>The most common colour, <c>#rrggbb</c>.</summary>
    public string? DominantColor { get; set; }
    /// <summary>A 64-bit perceptual hash (DCT): near-duplicates differ in few bits.</summary>
    public long? PerceptualHash { get; set; }
    /// <summary>An older image of the same customer this one nearly duplicates, if any.</summary>
    public Guid? DuplicateOfId { get; set; }
    /// <summary>The standard thumbnail (WebP), once Ready.</summary>
    public string? ThumbnailKey { get; set; }
    /// <summary>The standard web-size rendition (WebP), once Ready.</summary>
    public string? WebKey { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public List<ImageRendition> Renditions { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public class ImageRendition
{
    public int Id { get; set; }
    public Guid ImageAssetId { get; set; }
    public required string Key { get; set; }
    /// <summary>The edits that produced it, as the image handler's JSON edits object.</summary>
    public required string EditsJson { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public DateTime CreatedAt { get; set; }
}
