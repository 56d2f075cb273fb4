using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;

namespace Portal.Engine.Images;

/// <summary>
/// An upload that passed <see cref="ImageUploadCheck"/>: its bytes, what they are, and its size as shown
/// (<see cref="Width"/> x <see cref="Height"/> upright, after its EXIF orientation; the header has the stored size).
/// </summary>
public sealed record CheckedUpload(byte[] Bytes, ImageHeader Header, int Width, int Height)
{
    public string ContentType => Header.Format.ContentType();
    public string Extension => ImageLibrary.Extension(Header.Format);
}

/// <summary>
/// The check every uploaded image passes before it is stored: read within MaxInputBytes, not empty,
/// an allowed format by its magic bytes, within the pixel limits, and decodable to the end (decoding
/// a small preview proves it). Either the checked bytes or a message for the user.
/// </summary>
/// <summary>Why an upload was refused, with the HTTP status that names it (413 too large, 415 not an allowed format, 400 unreadable, 503 busy).</summary>
public sealed record UploadRefusal(int Status, string Message);

public static class ImageUploadCheck
{
    private const int ProofSide = 32;
    private static readonly ImageFormat[] UploadFormats = [ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Webp, ImageFormat.Gif];

    public static async Task<(CheckedUpload? Upload, string? Error)> CheckAsync(ImageProcessor processor, Stream content, CancellationToken cancellationToken = default)
    {
        var (upload, refusal) = await CheckUploadAsync(processor, content, cancellationToken);
        return (upload, refusal?.Message);
    }

    /// <summary>As <see cref="CheckAsync"/>, with the refusal's status for callers that answer over HTTP.</summary>
    public static async Task<(CheckedUpload? Upload, UploadRefusal? Refusal)> CheckUploadAsync(ImageProcessor processor, Stream content,
        CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        ImagePreview preview;
        try
        {
            bytes = await processor.ReadLimitedAsync(content, "file", cancellationToken);
            if (bytes.Length == 0) return (null, new UploadRefusal(400, "The file is empty."));
            // The handler reads TIFF and AVIF objects too, but uploads stay the formats the whole portal (pages, embeddings) shows.
            if (ImageHeader.Sniff(bytes, out _) is { } format && !UploadFormats.Contains(format))
                return (null, new UploadRefusal(415, $"The file is {format.Name().ToUpperInvariant()}, which is not accepted as an upload: use JPEG, PNG, WebP or GIF."));
            preview = await processor.PreviewAsync(bytes, new ImageRequest(null, "upload", new ImageEdits(), ImageFormat.Png), ProofSide, null, ImageCaller.SignedIn, cancellationToken);
        }
        catch (ImageRequestException e)
        {
            return (null, new UploadRefusal(e.Status is 413 or 415 or >= 500 ? e.Status : 400, e.Message));
        }
        return ImageHeader.Read(bytes) is { } header
            ? (new CheckedUpload(bytes, header, preview.OutputWidth, preview.OutputHeight), null)
            : (null, new UploadRefusal(415, "The file is not a readable image."));
    }
}
