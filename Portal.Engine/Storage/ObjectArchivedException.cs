namespace Portal.Engine.Storage;

/// <summary>
/// A read of an object that is in an archive tier: a restore has been requested (or was already under way), and the
/// object can be read again after about <see cref="RetryAfter"/>. Callers answer "being restored", never a failure.
/// </summary>
public sealed class ObjectArchivedException(string bucket, string key, TimeSpan retryAfter)
    : InvalidOperationException($"Object '{key}' in bucket '{bucket}' is archived; it is being restored and can be read in about {Describe(retryAfter)}.")
{
    public string Bucket { get; } = bucket;
    public string Key { get; } = key;
    public TimeSpan RetryAfter { get; } = retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter;

    /// <summary>"5 minutes", "12 hours": how long a restore takes, for messages.</summary>
    public static string Describe(TimeSpan wait) => wait switch
    {
        { TotalMinutes: < 1 } => "a few seconds",
        { TotalHours: < 1 } => $"{Math.Ceiling(wait.TotalMinutes):0} minute(s)",
        _ => $"{Math.Ceiling(wait.TotalHours):0} hour(s)",
    };
}
