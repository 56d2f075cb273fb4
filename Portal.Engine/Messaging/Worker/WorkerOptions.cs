using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// <c>Events:Worker</c> settings, named and bounded as Lambda's Kafka event source mapping names them. One consumer per
/// <see cref="IEventBatchHandler"/>, in the group <c>{GroupPrefix}.{handler name}</c>.
/// </summary>
public sealed class WorkerOptions
{
    public const string Section = "Events:Worker";
    public const int MaximumBatchSize = 10_000;

    /// <summary>Whether this instance runs the batch worker (true: in-process, the default). Set false on web-only instances
    /// when separate worker processes (the same app with it true) do the work.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most records per invocation (Lambda: default 100, at most 10,000).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long to keep gathering records once the first has come (Lambda's MaximumBatchingWindowInSeconds; 500 ms for Kafka).</summary>
    public TimeSpan MaximumBatchingWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A batch is also cut at this many bytes of record values (Lambda: 6 MB).</summary>
    public int MaximumBatchBytes { get; set; } = 6 * 1024 * 1024;

    /// <summary>Where a group with no committed offset begins (TRIM_HORIZON = Earliest, LATEST, AT_TIMESTAMP).</summary>
    public StartingPosition StartingPosition { get; set; } = StartingPosition.Earliest;

    /// <summary>For <see cref="StartingPosition.AtTimestamp"/>.</summary>
    public DateTimeOffset? StartingTimestamp { get; set; }

    /// <summary>Retries of a failing batch before its records go to the dead letters: 0-10,000, or -1 for "until it works"
    /// (Lambda's default; here 5, so that one poisoned record cannot hold a partition for ever).</summary>
    public int MaximumRetryAttempts { get; set; } = 5;

    /// <summary>Records older than this go to the dead letters instead of being retried again (Lambda's MaximumRecordAgeInSeconds); null: no limit.</summary>
    public TimeSpan? MaximumRecordAge { get; set; }

    /// <summary>The first wait before a retry; it doubles with each retry up to <see cref="MaximumRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumRetryBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Split a batch whose invocation threw in two and retry each half, to isolate the bad record (Lambda: default false).</summary>
    public bool BisectBatchOnFunctionError { get; set; }

    /// <summary>The consumer group of a handler is <c>{GroupPrefix}.{Name}</c>.</summary>
    public string GroupPrefix { get; set; } = "portal-worker";

    /// <summary>How often a worker looks at pause/resume, retry requests from the dead letters, and lag.</summary>
    public TimeSpan ControlInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the per-invocation figures (for the Admin Pipeline page) and the inbox's entries are kept.</summary>
    public TimeSpan StatisticsRetention { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    public string GroupOf(string handler) => $"{GroupPrefix}.{handler}";
}

public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions o)
    {
        var errors = new List<string>();
        void Check(bool ok, string message) { if (!ok) errors.Add($"{WorkerOptions.Section}:{message}"); }
        Check(o.BatchSize is >= 1 and <= WorkerOptions.MaximumBatchSize, $"BatchSize must be 1 to {WorkerOptions.MaximumBatchSize:N0} (it is {o.BatchSize}).");
        Check(o.MaximumBatchingWindow >= TimeSpan.Zero && o.MaximumBatchingWindow <= TimeSpan.FromMinutes(5),
            $"MaximumBatchingWindow must be 0 to 300 seconds (it is {o.MaximumBatchingWindow}).");
        Check(o.MaximumBatchBytes is >= 1024 and <= 64 * 1024 * 1024, $"MaximumBatchBytes must be 1 KB to 64 MB (it is {o.MaximumBatchBytes}).");
        Check(Enum.IsDefined(o.StartingPosition), $"StartingPosition must be Earliest, Latest or AtTimestamp.");
        Check(o.StartingPosition != StartingPosition.AtTimestamp || o.StartingTimestamp is not null,
            "StartingTimestamp must be set when StartingPosition is AtTimestamp.");
        Check(o.MaximumRetryAttempts is >= -1 and <= 10_000, $"MaximumRetryAttempts must be -1 (until it works) or 0 to 10,000 (it is {o.MaximumRetryAttempts}).");
        Check(o.MaximumRecordAge is null || (o.MaximumRecordAge >= TimeSpan.FromSeconds(60) && o.MaximumRecordAge <= TimeSpan.FromDays(7)),
            $"MaximumRecordAge must be 60 seconds to 7 days, or unset (it is {o.MaximumRecordAge}).");
        Check(o.RetryBackoff > TimeSpan.Zero && o.RetryBackoff <= o.MaximumRetryBackoff,
            $"RetryBackoff must be positive and at most MaximumRetryBackoff (it is {o.RetryBackoff}).");
        Check(o.MaximumRetryBackoff <= TimeSpan.FromHours(1), $"MaximumRetryBackoff must be at most an hour (it is {o.MaximumRetryBackoff}).");
        Check(!string.IsNullOrWhiteSpace(o.GroupPrefix) && System.Text.RegularExpressions.Regex.IsMatch(o.GroupPrefix, "^[A-Za-z0-9._-]{1,100}$"),
            $"GroupPrefix '{o.GroupPrefix}' must be 1-100 letters, digits, '.', '_' or '-'.");
        Check(o.ControlInterval >= TimeSpan.FromMilliseconds(50) && o.ControlInterval <= TimeSpan.FromMinutes(1),
            $"ControlInterval must be 50 ms to 60 seconds (it is {o.ControlInterval}).");
        Check(o.StatisticsRetention >= TimeSpan.FromMinutes(15), $"StatisticsRetention must be at least 15 minutes (the page shows 15) (it is {o.StatisticsRetention}).");
        Check(o.InboxRetention >= TimeSpan.FromHours(1), $"InboxRetention must be at least an hour (it is {o.InboxRetention}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
