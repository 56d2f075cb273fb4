using Microsoft.Extensions.Configuration;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Worker;

/// <summary>The retries of one batch must fit in the log's poll interval, or the group takes the worker's partitions away mid-retry.</summary>
public sealed class WorkerPollIntervalTests
{
    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new WorkerOptions();
        configuration.GetSection(WorkerOptions.Section).Bind(options);
        return new WorkerPollIntervalValidator(configuration).Validate(null, options);
    }

    [Fact]
    public void The_defaults_fit_both_logs()
    {
        Assert.True(Validate([]).Succeeded); // 1+2+4+8+16 s of back-off within the embedded log's 5 minutes
        Assert.True(Validate(new() { ["Events:Log"] = "Kafka" }).Succeeded); // and Kafka's default max.poll.interval.ms
    }

    [Fact]
    public void Long_back_off_on_the_embedded_log_is_refused_naming_the_settings()
    {
        var result = Validate(new() { ["Events:Worker:MaximumRetryAttempts"] = "10", ["Events:Worker:MaximumRetryBackoff"] = "00:01:00" });
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Events:Worker:MaximumRetryAttempts (10)", failure);
        Assert.Contains("Events:Worker:MaximumRetryBackoff (00:01:00)", failure);
        Assert.Contains("Events:Embedded:MaxPollInterval (00:05:00)", failure);
        // A longer poll interval lets the same retries through.
        Assert.True(Validate(new() { ["Events:Worker:MaximumRetryAttempts"] = "10", ["Events:Worker:MaximumRetryBackoff"] = "00:01:00",
            ["Events:Embedded:MaxPollInterval"] = "00:15:00" }).Succeeded);
    }

    [Fact]
    public void On_Kafka_it_is_checked_against_max_poll_interval_ms()
    {
        var result = Validate(new() { ["Events:Log"] = "Kafka", ["Events:Kafka:Properties:max.poll.interval.ms"] = "20000" });
        Assert.Contains("Events:Kafka:Properties:max.poll.interval.ms (00:00:20)", Assert.Single(result.Failures!)); // 31 s of back-off
        Assert.True(Validate(new() { ["Events:Log"] = "Kafka", ["Events:Kafka:Properties:max.poll.interval.ms"] = "60000" }).Succeeded);
    }

    [Fact]
    public void Retrying_until_it_works_needs_a_maximum_record_age_within_the_poll_interval()
    {
        var forever = Validate(new() { ["Events:Worker:MaximumRetryAttempts"] = "-1" });
        Assert.Contains("Events:Worker:MaximumRetryAttempts -1 (until it works) needs Events:Worker:MaximumRecordAge", Assert.Single(forever.Failures!));
        Assert.True(Validate(new() { ["Events:Worker:MaximumRetryAttempts"] = "-1", ["Events:Worker:MaximumRecordAge"] = "00:02:00" }).Succeeded);
        var tooOld = Validate(new() { ["Events:Worker:MaximumRetryAttempts"] = "-1", ["Events:Worker:MaximumRecordAge"] = "01:00:00" });
        Assert.Contains("Events:Worker:MaximumRecordAge (01:00:00)", Assert.Single(tooOld.Failures!));
    }

    [Fact]
    public void The_app_refuses_to_start_with_retries_longer_than_the_poll_interval()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Events:Worker:MaximumRetryAttempts"] = "20", ["Events:Worker:MaximumRetryBackoff"] = "00:01:00",
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Events:Embedded:MaxPollInterval", error.ToString());
    }
}
