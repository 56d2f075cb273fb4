namespace Portal.Engine.Models.Registry;

/// <summary>A model name and its versions, newest first.</summary>
public sealed record RegisteredModel(string Name, IReadOnlyList<RegisteredVersion> Versions);

/// <summary>A version and the endpoints serving it now.</summary>
public sealed record RegisteredVersion(ModelVersion Version, IReadOnlyList<string> ServedBy);

/// <summary>An endpoint, the version it serves and the one a rollback would bring back.</summary>
public sealed record EndpointSummary(ModelEndpoint Endpoint, ModelVersion Serving, ModelVersion? Previous);
