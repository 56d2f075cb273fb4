using Microsoft.Extensions.Options;

namespace Portal.Engine.Analytics.Athena;

/// <summary>
/// <c>Analytics:Athena</c>: where the Athena query engine (<c>Analytics:Engine=Athena</c>) sends queries. Against
/// Amazon Athena set Region; against another Athena-compatible endpoint (such as a portal's <c>/aws/athena</c>) set
/// ServiceUrl too.
/// </summary>
public sealed class AthenaOptions
{
    public const string Section = "Analytics:Athena";

    /// <summary>AWS region, e.g. <c>eu-west-1</c>; the signing region when ServiceUrl is set (default us-east-1).</summary>
    public string? Region { get; set; }

    /// <summary>Endpoint override, e.g. <c>http://localhost:5210/aws/athena</c>; empty for <c>https://athena.{Region}.amazonaws.com/</c>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The Glue database holding the lake's tables (the export's DDL creates them).</summary>
    public string? Database { get; set; }

    public string Catalog { get; set; } = "AwsDataCatalog";

    public string WorkGroup { get; set; } = "primary";

    /// <summary>Where Athena writes results, <c>s3://bucket/prefix/</c>; empty to use the work group's setting.</summary>
    public string? OutputLocation { get; set; }

    public string? AccessKeyId { get; set; }
    public string? SecretAccessKey { get; set; }

    /// <summary>First pause between GetQueryExecution polls; it doubles up to <see cref="MaxPollDelay"/>.</summary>
    public TimeSpan FirstPollDelay { get; set; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(2);

    public string SigningRegion => string.IsNullOrWhiteSpace(Region) ? "us-east-1" : Region;

    public Uri Endpoint => new(string.IsNullOrWhiteSpace(ServiceUrl) ? $"https://athena.{Region}.amazonaws.com/" : ServiceUrl);
}

public sealed class AthenaOptionsValidator : IValidateOptions<AthenaOptions>
{
    public ValidateOptionsResult Validate(string? name, AthenaOptions o)
    {
        const string s = AthenaOptions.Section;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Region) && string.IsNullOrWhiteSpace(o.ServiceUrl))
            errors.Add($"{s}:Region is required when Analytics:Engine is Athena (or {s}:ServiceUrl for an Athena-compatible endpoint).");
        if (!string.IsNullOrWhiteSpace(o.ServiceUrl) && !(Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            errors.Add($"{s}:ServiceUrl must be an absolute http(s) URL, not '{o.ServiceUrl}'.");
        if (string.IsNullOrWhiteSpace(o.Database))
            errors.Add($"{s}:Database is required when Analytics:Engine is Athena.");
        if (string.IsNullOrWhiteSpace(o.WorkGroup))
            errors.Add($"{s}:WorkGroup must not be empty.");
        if (!string.IsNullOrWhiteSpace(o.OutputLocation) && !o.OutputLocation.StartsWith("s3://", StringComparison.Ordinal))
            errors.Add($"{s}:OutputLocation must be an s3://bucket/prefix/ location, not '{o.OutputLocation}'.");
        if (string.IsNullOrWhiteSpace(o.AccessKeyId))
            errors.Add($"{s}:AccessKeyId is required when Analytics:Engine is Athena.");
        if (string.IsNullOrWhiteSpace(o.SecretAccessKey))
            errors.Add($"{s}:SecretAccessKey is required when Analytics:Engine is Athena.");
        if (o.FirstPollDelay <= TimeSpan.Zero || o.MaxPollDelay < o.FirstPollDelay)
            errors.Add($"{s}:FirstPollDelay must be positive and at most {s}:MaxPollDelay.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
