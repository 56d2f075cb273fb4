namespace Portal.Engine.Analytics.Access;

/// <summary>
/// An analyst's AWS-style access key: what the Athena-compatible endpoint verifies SigV4 signatures with, and what
/// the plain query API accepts as a bearer token. The secret is kept encrypted (Data Protection), because verifying a
/// signature needs it in the clear; it is shown to its owner once, when created.
/// </summary>
public sealed record AnalystCredential(string AccessKeyId, string SecretAccessKey, string UserId, string UserName, bool Active);

public interface IAnalystAccessKeys
{
    /// <summary>The key with this id (active or not, so a caller can say "revoked"), or null when there is none.</summary>
    Task<AnalystCredential?> FindAsync(string accessKeyId, CancellationToken cancellationToken = default);

    /// <summary>Notes that the key just signed a request in (its "last used" time); called only after the request was verified.</summary>
    Task RecordUseAsync(string accessKeyId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
