using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Live;

/// <summary><c>Events:Live</c> settings: how each instance tails the log for its live pages and how much the activity view reads back.</summary>
public sealed class LiveEventsOptions
{
    public const string Section = "Events:Live";

    /// <summary>Records taken per poll of the tail (one batch for the listeners).</summary>
    public int MaxPollRecords { get; set; } = 500;

    /// <summary>How long a poll waits for the first record before it returns empty.</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between attempts while the log cannot be reached (the pause doubles from one second up to this).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many of the newest records of each partition the activity view reads back from the log.</summary>
    public int RecentPerPartition { get; set; } = 250;
}

public sealed class LiveEventsOptionsValidator : IValidateOptions<LiveEventsOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveEventsOptions options)
    {
        var errors = new List<string>();
        if (options.MaxPollRecords is < 1 or > 10_000)
            errors.Add($"{LiveEventsOptions.Section}:MaxPollRecords must be between 1 and 10000 (it is {options.MaxPollRecords}).");
        if (options.PollWait <= TimeSpan.Zero || options.PollWait > TimeSpan.FromMinutes(1))
            errors.Add($"{LiveEventsOptions.Section}:PollWait must be more than 0 and at most 00:01:00 (it is {options.PollWait}).");
        if (options.MaxRetryDelay < TimeSpan.FromSeconds(1) || options.MaxRetryDelay > TimeSpan.FromMinutes(10))
            errors.Add($"{LiveEventsOptions.Section}:MaxRetryDelay must be between 00:00:01 and 00:10:00 (it is {options.MaxRetryDelay}).");
        if (options.RecentPerPartition is < 1 or > 5_000)
            errors.Add($"{LiveEventsOptions.Section}:RecentPerPartition must be between 1 and 5000 (it is {options.RecentPerPartition}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
