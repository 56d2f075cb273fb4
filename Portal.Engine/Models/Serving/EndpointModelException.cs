namespace Portal.Engine.Models.Serving;

/// <summary>The endpoint exists but its model could not be loaded or could not answer (SageMaker's <c>ModelError</c>).</summary>
public sealed class EndpointModelException(string endpoint, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Endpoint { get; } = endpoint;
}
