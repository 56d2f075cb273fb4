using Amazon.Runtime;
using Portal.Engine.Storage;

namespace Portal.Features.Images;

/// <summary>
/// What the image handler answers for a failure it did not expect: 502 when the object store could not be used,
/// otherwise 500 with Serverless Image Handler's words; the message never carries the exception's details (those go to the log).
/// </summary>
public sealed record ImageHandlerFailure(int Status, string Code, string Message)
{
    public const string StoreUnavailable = "ImageStore::Unavailable";
    public const string InternalError = "InternalError";

    public static ImageHandlerFailure Of(Exception e) => IsStoreFailure(e)
        ? new(StatusCodes.Status502BadGateway, StoreUnavailable, "The image store could not be reached; please try again later.")
        : new(StatusCodes.Status500InternalServerError, InternalError, "Internal error. Please contact the system administrator.");

    private static bool IsStoreFailure(Exception e) =>
        e is IOException or HttpRequestException or AmazonServiceException or AmazonClientException or ObjectBucketNotFoundException;
}
