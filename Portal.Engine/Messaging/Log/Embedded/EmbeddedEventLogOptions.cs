using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Log.Embedded;

/// <summary><c>Events:Embedded</c> settings: the embedded log's partitions, group membership timing, polling and retention.</summary>
public sealed class EmbeddedEventLogOptions
{
    public const string Section = "Events:Embedded";

    /// <summary>
    /// Partitions per topic; a key always lands on the same one. Changing it moves keys to other partitions, so records of
    /// one key written before and after the change may be read out of order: change it only with an empty log.
    /// </summary>
    public int Partitions { get; set; } = 4;

    /// <summary>How often a group member renews its membership and takes or gives up partitions.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A member whose last heartbeat is older than this is gone: its partitions go to the others.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A member that has not polled for this long (a stuck handler) leaves its group until it polls again.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a waiting poll looks in the database for records other processes appended (this process's wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Records older than this are deleted, whether or not every group has read them (as Kafka's retention.ms).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the pruner deletes records past <see cref="Retention"/>.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class EmbeddedEventLogOptionsValidator : IValidateOptions<EmbeddedEventLogOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedEventLogOptions options)
    {
        const string s = EmbeddedEventLogOptions.Section;
        var errors = new List<string>();
        if (options.Partitions is < 1 or > 1024)
            errors.Add($"{s}:Partitions must be between 1 and 1024, not {options.Partitions}.");
        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(10) || options.HeartbeatInterval > TimeSpan.FromMinutes(1))
            errors.Add($"{s}:HeartbeatInterval must be between 10 ms and 1 minute, not {options.HeartbeatInterval}.");
        if (options.SessionTimeout < 3 * options.HeartbeatInterval)
            errors.Add($"{s}:SessionTimeout ({options.SessionTimeout}) must be at least three heartbeat intervals ({3 * options.HeartbeatInterval}).");
        if (options.MaxPollInterval <= options.SessionTimeout)
            errors.Add($"{s}:MaxPollInterval ({options.MaxPollInterval}) must be longer than SessionTimeout ({options.SessionTimeout}).");
        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.PollInterval > TimeSpan.FromMinutes(1))
            errors.Add($"{s}:PollInterval must be between 10 ms and 1 minute, not {options.PollInterval}.");
        if (options.Retention <= TimeSpan.Zero)
            errors.Add($"{s}:Retention must be positive, not {options.Retention}.");
        if (options.PruneInterval <= TimeSpan.Zero)
            errors.Add($"{s}:PruneInterval must be positive, not {options.PruneInterval}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
