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

    /// <summary>For a refusal that may pass (the service is busy): when to try again, answered as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>The error codes the engine uses (Serverless Image Handler's where one exists).</summary>
public static class ImageErrorCodes
{
    public const string RequestTypeError = "RequestTypeError";
    public const string CannotDecodeRequest = "DecodeRequest::CannotDecodeRequest";
    public const string CannotAccessBucket = "ImageBucket::CannotAccessBucket";
    public const string NoSuchKey = "NoSuchKey";
    public const string CropOutOfBounds = "Crop::AreaOutOfBounds";
    public const string InvalidResize = "InvalidResizeException";
    public const string InvalidEdit = "ImageEdits::InvalidEdit";
    public const string UnsupportedOutputFormat = "ImageEdits::UnsupportedOutputFormat";
    public const string OverlayTooLarge = "BadRequest";
    public const string CannotParseEdits = "ImageEdits::CannotParseEdits";
    public const string TooLargeImage = "TooLargeImageException";
    public const string UnsupportedImageFormat = "UnsupportedImageFormat";
    public const string CorruptImage = "ImageDecode::CorruptImage";
    public const string Timeout = "ImageProcessing::Timeout";
    /// <summary>The source is archived and being restored (S3's code for reading an archived object; answered as a 503 with Retry-After).</summary>
    public const string SourceArchived = "InvalidObjectState";

    /// <summary>413: the request's estimated cost is over its caller class's <c>Imaging:Budget</c> limit.</summary>
    public const string TooExpensive = "ImageProcessing::TooExpensive";

    /// <summary>503 with Retry-After: no slot of the caller's class came free in time, or too many requests wait for one.</summary>
    public const string Busy = "ImageProcessing::Busy";

    /// <summary>400: SIH's <c>smartCrop</c> edit (faces found by Amazon Rekognition); the portal has no face detector.</summary>
    public const string SmartCropUnavailable = "SmartCrop::Unavailable";

    /// <summary>400: SIH's <c>contentModeration</c> edit (labels found by Amazon Rekognition); the portal has no moderation detector.</summary>
    public const string ContentModerationUnavailable = "ContentModeration::Unavailable";
}

internal static class ImageErrors
{
    public static ImageRequestException BadEdit(string edit, string problem) =>
        new(400, ImageErrorCodes.InvalidEdit, $"The '{edit}' edit is invalid: {problem}.");

    public static ImageRequestException BadResize(string problem) =>
        new(400, ImageErrorCodes.InvalidResize, $"The resize edit is invalid: {problem}.");

    /// <summary>Serverless Image Handler's answer, word for word, for a width or height of 0 or less.</summary>
    public static ImageRequestException InvalidSize() => new(400, ImageErrorCodes.InvalidResize, "The image size is invalid.");

    /// <summary>Serverless Image Handler's answer (from sharp's composite) for an overlay bigger than the image under it.</summary>
    public static ImageRequestException OverlayTooLarge() =>
        new(400, ImageErrorCodes.OverlayTooLarge, "Image to overlay must have same dimensions or smaller");

    /// <summary>A value of the wrong JSON type or out of every range, met anywhere in the edits: the edits cannot be read.</summary>
    public static ImageRequestException CannotParseEdits(string detail, Exception? inner = null) =>
        new(400, ImageErrorCodes.CannotParseEdits,
            $"The edits you provided could not be parsed ({detail}). Please check the syntax of your request and refer to the documentation for additional guidance.", inner);

    /// <summary>
    /// An edit that needs a detector the portal does not have: refused rather than ignored, so a caller never gets an image it
    /// believes was cropped to a face or blurred for content when it was not.
    /// </summary>
    public static ImageRequestException DetectorUnavailable(string edit) => edit == "smartCrop"
        ? new(400, ImageErrorCodes.SmartCropUnavailable,
            "The 'smartCrop' edit is not available: the portal has no face detector (Serverless Image Handler asks Amazon Rekognition). "
            + "Remove the edit, or crop with resize's position (\"attention\" or \"entropy\") or extract.")
        : new(400, ImageErrorCodes.ContentModerationUnavailable,
            "The 'contentModeration' edit is not available: the portal has no moderation detector (Serverless Image Handler asks Amazon Rekognition). "
            + "Remove the edit; images are not checked for content here.");

    public static ImageRequestException CropOutOfBounds() =>
        new(400, ImageErrorCodes.CropOutOfBounds,
            "The cropping area you provided exceeds the boundaries of the original image. Please try choosing a correct cropping value.");

    public static ImageRequestException Corrupt(string detail) =>
        new(422, ImageErrorCodes.CorruptImage, $"The image could not be decoded: {detail}.");
}
