using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log.Embedded;

namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// A worker does not poll while it retries a batch, so the back-off of all its retries must fit in the log's poll interval
/// (Kafka's <c>max.poll.interval.ms</c>, the embedded log's <c>MaxPollInterval</c>); else the group takes its partitions away
/// in the middle of the retries and another worker delivers the batch again. Checked at start-up against the selected log.
/// </summary>
public sealed class WorkerPollIntervalValidator(IConfiguration configuration) : IValidateOptions<WorkerOptions>
{
    /// <summary>librdkafka's default <c>max.poll.interval.ms</c>.</summary>
    public static readonly TimeSpan KafkaDefaultMaxPollInterval = TimeSpan.FromMinutes(5);

    public const string KafkaMaxPollIntervalSetting = "Events:Kafka:Properties:max.poll.interval.ms";

    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var (setting, interval) = EventsOptions.SelectedLog(configuration) == EventLogKind.Kafka ? KafkaPollInterval() : EmbeddedPollInterval();
        var problem = Check(options, setting, interval);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }

    /// <summary>Null when the retries of one batch fit in <paramref name="pollInterval"/>, else why not, naming the settings.</summary>
    public static string? Check(WorkerOptions options, string pollIntervalSetting, TimeSpan pollInterval)
    {
        const string s = WorkerOptions.Section;
        if (options.MaximumRetryAttempts < 0)
        {
            // Until it works: only MaximumRecordAge ends the retries (plus the back-off that runs past it).
            if (options.MaximumRecordAge is not { } age)
                return $"{s}:MaximumRetryAttempts -1 (until it works) needs {s}:MaximumRecordAge, at most {pollIntervalSetting} "
                    + $"({pollInterval}) minus MaximumRetryBackoff: a worker does not poll while it retries, and the log takes its partitions away after that long.";
            return age + options.MaximumRetryBackoff < pollInterval ? null
                : $"{s}:MaximumRetryAttempts -1 retries for up to {s}:MaximumRecordAge ({age}) plus MaximumRetryBackoff ({options.MaximumRetryBackoff}), "
                    + $"not less than {pollIntervalSetting} ({pollInterval}): a worker does not poll while it retries, and the log takes its partitions away after that long.";
        }
        var waits = TimeSpan.Zero;
        for (var retry = 1; retry <= options.MaximumRetryAttempts && waits < pollInterval; retry++) waits += BatchInvoker.Backoff(options, retry);
        return waits < pollInterval ? null
            : $"{s}:MaximumRetryAttempts ({options.MaximumRetryAttempts}) with {s}:RetryBackoff ({options.RetryBackoff}) up to "
                + $"{s}:MaximumRetryBackoff ({options.MaximumRetryBackoff}) waits at least {waits} on one batch, not less than {pollIntervalSetting} "
                + $"({pollInterval}): a worker does not poll while it retries, and the log takes its partitions away after that long. Lower the retries or raise {pollIntervalSetting}.";
    }

    private (string, TimeSpan) KafkaPollInterval()
    {
        var value = configuration[KafkaMaxPollIntervalSetting];
        return (KafkaMaxPollIntervalSetting, int.TryParse(value, out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : KafkaDefaultMaxPollInterval);
    }

    private (string, TimeSpan) EmbeddedPollInterval()
    {
        var embedded = new EmbeddedEventLogOptions();
        try
        {
            configuration.GetSection(EmbeddedEventLogOptions.Section).Bind(embedded);
        }
        catch (InvalidOperationException)
        {
            // A value that is not a time span: the embedded log's own start-up check names it; judge against the default here.
            embedded = new EmbeddedEventLogOptions();
        }
        return ($"{EmbeddedEventLogOptions.Section}:{nameof(EmbeddedEventLogOptions.MaxPollInterval)}", embedded.MaxPollInterval);
    }
}
