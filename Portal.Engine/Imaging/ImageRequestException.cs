namespace Portal.Engine.Imaging;

/// <summary>
/// A request the image engine refuses, with the HTTP status, the Serverless-Image-Handler-style code
/// and a message fit for the caller: the endpoint answers <c>{"status":N,"code":"...","message":"..."}</c>.
/// </summary>
public sealed class ImageRequestException(int status, string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>The error codes the engine uses (Serverless Image Handler's where one exists).</summary>
public static class ImageErrorCodes
{
    public const string RequestTypeError = "RequestTypeError";
    public const string CannotDecodeRequest = "DecodeRequest::CannotDecodeRequest";
    public const string CannotAccessBucket = "ImageBucket::CannotAccessBucket";
    public const string NoSuchKey = "NoSuchKey";
    public const string CropOutOfBounds = "Crop::AreaOutOfBounds";
    public const string InvalidResize = "ImageEdits::InvalidResize";
    public const string InvalidEdit = "ImageEdits::InvalidEdit";
    public const string UnsupportedOutputFormat = "ImageEdits::UnsupportedOutputFormat";
    public const string OverlayNotFound = "Overlay::NotFound";
    public const string TooLargeImage = "TooLargeImageException";
    public const string UnsupportedImageFormat = "UnsupportedImageFormat";
    public const string CorruptImage = "ImageDecode::CorruptImage";
    public const string Timeout = "ImageProcessing::Timeout";
}

internal static class ImageErrors
{
    public static ImageRequestException BadEdit(string edit, string problem) =>
        new(400, ImageErrorCodes.InvalidEdit, $"The '{edit}' edit is invalid: {problem}.");

    public static ImageRequestException BadResize(string problem) =>
        new(400, ImageErrorCodes.InvalidResize, $"The resize edit is invalid: {problem}.");

    public static ImageRequestException CropOutOfBounds() =>
        new(400, ImageErrorCodes.CropOutOfBounds,
            "The cropping area you provided exceeds the boundaries of the original image. Please try choosing a correct cropping value.");

    public static ImageRequestException Corrupt(string detail) =>
        new(422, ImageErrorCodes.CorruptImage, $"The image could not be decoded: {detail}.");
}
