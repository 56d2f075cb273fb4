using Microsoft.Extensions.Options;

namespace Portal.Composition.RateLimits;

/// <summary>
/// Settings under <c>RateLimits</c>: requests per window for each class of endpoint, counted per signed-in user (or key)
/// and per client address for anonymous callers (the address the forwarded headers name behind a load balancer).
/// The defaults leave a person, the demo and the test suites far from the limits while stopping floods.
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>False switches every limit here off (load benchmarks); the logistics and image API limits keep their own settings.</summary>
    public bool Enabled { get; set; } = true;

    public int WindowSeconds { get; set; } = 60;

    /// <summary>Sign-in attempts (local form and the start of OpenID Connect sign-in) per client address.</summary>
    public int SignInPerAddress { get; set; } = 30;

    /// <summary>Uploads (the image API, catalog photos) per user.</summary>
    public int UploadsPerCaller { get; set; } = 60;

    /// <summary>Image handler requests (/img per user, /catalog-img per user or address).</summary>
    public int ImagesPerCaller { get; set; } = 1200;

    /// <summary>Queries on /api/analytics/query per user or access key.</summary>
    public int AnalyticsQueriesPerCaller { get; set; } = 120;

    /// <summary>
    /// Athena-protocol calls on /aws/athena per access key's user: clients poll while a query runs, so this is Athena's
    /// own quota for its cheapest calls (100/s); how many queries run at once is Analytics:AthenaApi:MaxConcurrentQueries.
    /// </summary>
    public int AthenaCallsPerCaller { get; set; } = 6000;

    /// <summary>Model invocations on /aws/sagemaker per access key's user.</summary>
    public int ModelInvocationsPerCaller { get; set; } = 300;

    /// <summary>Every other request from someone not signed in (pages, the public catalog API, docs), per client address.</summary>
    public int AnonymousPerAddress { get; set; } = 1200;

    public IEnumerable<(string Name, int Value)> Limits =>
    [
        (nameof(WindowSeconds), WindowSeconds), (nameof(SignInPerAddress), SignInPerAddress), (nameof(UploadsPerCaller), UploadsPerCaller),
        (nameof(ImagesPerCaller), ImagesPerCaller), (nameof(AnalyticsQueriesPerCaller), AnalyticsQueriesPerCaller),
        (nameof(AthenaCallsPerCaller), AthenaCallsPerCaller), (nameof(ModelInvocationsPerCaller), ModelInvocationsPerCaller),
        (nameof(AnonymousPerAddress), AnonymousPerAddress),
    ];
}

public sealed class RateLimitSettingsValidator : IValidateOptions<RateLimitSettings>
{
    public ValidateOptionsResult Validate(string? name, RateLimitSettings settings)
    {
        var failures = settings.Limits
            .Where(limit => limit.Value is < 1 or > 1_000_000 || (limit.Name == nameof(RateLimitSettings.WindowSeconds) && limit.Value > 3600))
            .Select(limit => limit.Name == nameof(RateLimitSettings.WindowSeconds)
                ? $"{RateLimitSettings.Section}:{limit.Name} must be 1 to 3600 seconds (is {limit.Value})."
                : $"{RateLimitSettings.Section}:{limit.Name} must be 1 to 1000000 requests per window (is {limit.Value}).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
