using System.Text.Json.Nodes;

namespace Portal.Features.Models.SageMaker;

/// <summary>
/// An error as SageMaker runtime's REST-JSON protocol answers it: <c>{"__type": Type, "message": ...}</c> with the type in
/// <c>x-amzn-ErrorType</c>, which botocore and the AWS SDKs turn into their exceptions (e.g. <c>ValidationError</c>).
/// </summary>
public sealed class SageMakerError(string type, string message, int status) : Exception(message)
{
    public string Type { get; } = type;
    public int Status { get; } = status;

    /// <summary>ModelError's own members: what the model container answered (here: the portal's model).</summary>
    public int? OriginalStatusCode { get; init; }

    public static SageMakerError Validation(string message) => new("ValidationError", message, StatusCodes.Status400BadRequest);

    public static SageMakerError EndpointNotFound(string endpoint) => Validation($"Endpoint {endpoint} of account {SageMakerRuntimeApi.Account} not found.");

    public static SageMakerError Model(string message) =>
        new("ModelError", $"Received server error (500) from primary with message \"{message}\".", StatusCodes.Status424FailedDependency)
        {
            OriginalStatusCode = 500,
        };

    public static SageMakerError Unavailable(string message) => new("ServiceUnavailable", message, StatusCodes.Status503ServiceUnavailable);

    public static SageMakerError Internal() => new("InternalFailure", "An internal error occurred; try again.", StatusCodes.Status500InternalServerError);

    public async Task WriteAsync(HttpResponse response)
    {
        if (response.HasStarted) return;
        response.StatusCode = Status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-ErrorType"] = Type;
        response.Headers["x-amzn-RequestId"] = response.HttpContext.TraceIdentifier;
        var body = new JsonObject { ["__type"] = Type, ["message"] = Message };
        if (OriginalStatusCode is { } original)
        {
            body["OriginalStatusCode"] = original;
            body["OriginalMessage"] = InnerMessage;
        }
        await response.WriteAsync(body.ToJsonString());
    }

    private string InnerMessage => Message.Split('"') is { Length: >= 3 } parts ? parts[1] : Message;
}
