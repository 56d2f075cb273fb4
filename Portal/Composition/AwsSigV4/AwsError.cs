using System.Text.Json;

namespace Portal.Composition.AwsSigV4;

/// <summary>
/// An error as AWS's JSON protocols (<c>application/x-amz-json-1.1</c>) answer it: <c>{"__type": ..., "message": ...}</c>
/// with the type also in <c>x-amzn-ErrorType</c>, which botocore and the AWS SDKs turn into their exceptions.
/// </summary>
public sealed record AwsError(int Status, string Type, string Message)
{
    public const string ContentType = "application/x-amz-json-1.1";

    public static AwsError MissingToken() => new(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");

    public static AwsError Incomplete(string message) => new(400, "IncompleteSignatureException", message);

    public static AwsError InvalidSignature(string message) => new(400, "InvalidSignatureException", message);

    public static AwsError UnrecognizedClient() => new(400, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static AwsError AccessDenied(string message) => new(400, "AccessDeniedException", message);

    public async Task WriteAsync(HttpResponse response)
    {
        if (response.HasStarted) return;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        response.Headers["x-amzn-ErrorType"] = Type;
        response.Headers["x-amzn-RequestId"] = response.HttpContext.TraceIdentifier;
        await response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = Type, ["message"] = Message }));
    }
}
