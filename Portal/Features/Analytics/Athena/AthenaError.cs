namespace Portal.Features.Analytics.Athena;

/// <summary>An error as Athena reports it: <c>{"__type": Type, "message": ...}</c> with an HTTP status.</summary>
public sealed class AthenaError(string type, string message, int status = StatusCodes.Status400BadRequest, string? athenaErrorCode = null)
    : Exception(message)
{
    public string Type { get; } = type;
    public int Status { get; } = status;
    /// <summary>Athena's own code beside InvalidRequestException (<c>INVALID_INPUT</c>, ...).</summary>
    public string? AthenaErrorCode { get; } = athenaErrorCode;

    public static AthenaError InvalidRequest(string message) => new("InvalidRequestException", message, athenaErrorCode: "INVALID_INPUT");

    public static AthenaError NotFound(string id) => InvalidRequest($"QueryExecution {id} was not found");

    public static AthenaError Metadata(string message) => new("MetadataException", message);

    public static AthenaError UnknownOperation(string? target) =>
        new("UnknownOperationException", target is null or "" ? "Missing X-Amz-Target header: expected AmazonAthena.<Operation>."
            : $"The operation '{target}' is not supported by this Athena-compatible endpoint.");

    public static AthenaError Serialization(string message) => new("SerializationException", message);
}
