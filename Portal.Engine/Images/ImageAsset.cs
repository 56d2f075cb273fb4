namespace Portal.Engine.Images;

public enum ImageStatus { Uploaded, Processing, Ready, Failed, Deleted }

/// <summary>An original image a user uploaded into their own space, and its saved renditions.</summary>
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
    public string? Error { get; set; }
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
