namespace Portal.Engine.Models.Registry;

/// <summary>Model versions and the endpoints that serve them.</summary>
public interface IModelRegistry
{
    /// <summary>Points the endpoint (created when new) at the version; the version it served before becomes its rollback.</summary>
    Task<ModelEndpoint> DeployAsync(string endpoint, int modelVersionId, string by, CancellationToken cancellationToken = default);

    /// <summary>Points the endpoint back at its previous version (which becomes the rollback in turn).</summary>
    Task<ModelEndpoint> RollbackAsync(string endpoint, string by, CancellationToken cancellationToken = default);

    Task<ModelEndpoint?> FindEndpointAsync(string endpoint, CancellationToken cancellationToken = default);
}

/// <summary>
/// Answers predictions for named endpoints from embeddings. Each instance keeps the deployed model of each endpoint
/// loaded and swaps in a new version when the endpoint's revision changes, without dropping requests in flight.
/// </summary>
public interface IEndpointPredictor
{
    /// <summary>The top labels. Throws <see cref="EndpointNotFoundException"/> for an endpoint that does not exist.</summary>
    Task<EndpointPrediction> PredictAsync(string endpoint, float[] features, int top, CancellationToken cancellationToken = default);
}

public sealed record EndpointPrediction(string Endpoint, string ModelName, int ModelVersion, int ModelVersionId, IReadOnlyList<LabelScore> Labels);

public sealed record LabelScore(string Label, float Probability);

public sealed class EndpointNotFoundException(string endpoint)
    : Exception($"Could not find endpoint \"{endpoint}\".")
{
    public string Endpoint { get; } = endpoint;
}
