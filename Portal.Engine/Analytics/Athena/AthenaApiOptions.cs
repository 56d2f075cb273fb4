using Microsoft.Extensions.Options;

namespace Portal.Engine.Analytics.Athena;

/// <summary><c>Analytics:AthenaApi</c>: the Athena-compatible endpoint's defaults and how it runs queries.</summary>
public sealed class AthenaApiOptions
{
    public const string Section = "Analytics:AthenaApi";

    /// <summary>Where results go when a request names no output location (a bucket of the object store, and a prefix).</summary>
    public string OutputLocation { get; set; } = "s3://portal-lake/athena-results/";

    /// <summary>
    /// The one database the catalog calls list; queries name the lake's tables bare or as <c>portal.sales</c>. Not a
    /// setting of its own: it is <c>Analytics:Lake:Database</c> (<see cref="Lake.LakeOptions.Database"/>), the name the
    /// export's DDL and DuckDB use too.
    /// </summary>
    public string Database { get; internal set; } = new Lake.LakeOptions().Database;

    /// <summary>Queries one instance runs at once; more wait QUEUED (any instance may pick them up).</summary>
    public int MaxConcurrentQueries { get; set; } = 2;

    /// <summary>How often a runner looks for queued queries and checks whether its running ones were stopped.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A RUNNING query whose instance has not reported for this long is failed (its instance stopped).</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(2);
}

public sealed class AthenaApiOptionsValidator : IValidateOptions<AthenaApiOptions>
{
    public ValidateOptionsResult Validate(string? name, AthenaApiOptions o)
    {
        const string s = AthenaApiOptions.Section;
        var errors = new List<string>();
        if (!S3Location.TryParse(o.OutputLocation, out _))
            errors.Add($"{s}:OutputLocation must be s3://bucket/prefix/ with a bucket of 3-63 lower-case letters, digits, '-' or '.' (it is '{o.OutputLocation}').");
        if (o.MaxConcurrentQueries is < 1 or > 64) errors.Add($"{s}:MaxConcurrentQueries must be between 1 and 64 (it is {o.MaxConcurrentQueries}).");
        if (o.PollInterval < TimeSpan.FromMilliseconds(10) || o.PollInterval > TimeSpan.FromMinutes(1))
            errors.Add($"{s}:PollInterval must be between 00:00:00.010 and 00:01:00 (it is {o.PollInterval}).");
        if (o.AbandonedAfter < TimeSpan.FromSeconds(10) || o.AbandonedAfter > TimeSpan.FromDays(1) || o.AbandonedAfter < o.PollInterval * 4)
            errors.Add($"{s}:AbandonedAfter must be between 00:00:10 and 1.00:00:00 and at least four {s}:PollInterval (it is {o.AbandonedAfter}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
