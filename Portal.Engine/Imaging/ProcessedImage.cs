using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging;

/// <summary>The answer to an image request: encoded bytes, their content type, and the pixel size.</summary>
public sealed record ProcessedImage(byte[] Content, string ContentType, ImageFormat Format, int Width, int Height, bool IsOriginal);
