using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Relay;

/// <summary>
/// <c>Events:Relay</c> settings: how the <see cref="OutboxRelay"/> moves outbox rows to the event log, how it waits while
/// the log is down, when the ready check turns Degraded, and how long published rows are kept.
/// </summary>
public sealed class RelayOptions
{
    public const string Section = "Events:Relay";

    /// <summary>Run the relay in this process. Every instance may run it: one holds the lease and publishes, the others stand by.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many outbox rows one publish carries (1–10,000).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the relay waits before looking again when the outbox is empty or another instance holds the lease.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the lease lasts without renewal; a standby instance takes over this long after the holder stopped.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one publish may take before it counts as failed; under half the lease, so it ends while the lease holds.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait after a failed publish; it doubles with each failure in a row up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Published rows older than this are deleted from the outbox.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the lease holder prunes published rows.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The ready check reports Degraded when the oldest unpublished event is older than this.</summary>
    public TimeSpan DegradedBacklogAge { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayOptions o)
    {
        var errors = new List<string>();
        const string s = RelayOptions.Section;
        if (o.BatchSize is < 1 or > 10_000) errors.Add($"{s}:BatchSize must be between 1 and 10000 (it is {o.BatchSize}).");
        Between(errors, $"{s}:PollInterval", o.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Between(errors, $"{s}:LeaseDuration", o.LeaseDuration, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));
        Between(errors, $"{s}:PublishTimeout", o.PublishTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        if (o.PublishTimeout * 2 > o.LeaseDuration)
            errors.Add($"{s}:PublishTimeout ({o.PublishTimeout}) must be at most half of {s}:LeaseDuration ({o.LeaseDuration}), so a publish ends while its lease holds.");
        Between(errors, $"{s}:MinBackoff", o.MinBackoff, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        Between(errors, $"{s}:MaxBackoff", o.MaxBackoff, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        if (o.MaxBackoff < o.MinBackoff) errors.Add($"{s}:MaxBackoff ({o.MaxBackoff}) must not be shorter than {s}:MinBackoff ({o.MinBackoff}).");
        Between(errors, $"{s}:Retention", o.Retention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        Between(errors, $"{s}:PruneInterval", o.PruneInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Between(errors, $"{s}:DegradedBacklogAge", o.DegradedBacklogAge, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Between(List<string> errors, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max) errors.Add($"{setting} must be between {min} and {max} (it is {value}).");
    }
}
