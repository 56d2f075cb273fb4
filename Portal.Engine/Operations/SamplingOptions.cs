using Microsoft.Extensions.Options;

namespace Portal.Engine.Operations;

/// <summary>Settings under <c>Telemetry:Sampling</c>: how often each instance writes its figures for the System page, and for how long they are kept.</summary>
public sealed class SamplingOptions
{
    public const string Section = "Telemetry:Sampling";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);
}

public sealed class SamplingOptionsValidator : IValidateOptions<SamplingOptions>
{
    public ValidateOptionsResult Validate(string? name, SamplingOptions options)
    {
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromMinutes(10))
            failures.Add($"Telemetry:Sampling:Interval must be between 00:00:01 and 00:10:00 (it is {options.Interval}).");
        if (options.Retention < options.Interval * 4)
            failures.Add($"Telemetry:Sampling:Retention must be at least four intervals (it is {options.Retention}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
