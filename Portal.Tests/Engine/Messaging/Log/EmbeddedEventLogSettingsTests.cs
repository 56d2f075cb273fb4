using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Log;

/// <summary>The embedded log's settings are checked at start with messages naming the setting, and it is the log only when chosen.</summary>
public sealed class EmbeddedEventLogSettingsTests
{
    private static IReadOnlyList<string> Failures(Action<EmbeddedEventLogOptions> change)
    {
        var options = new EmbeddedEventLogOptions();
        change(options);
        return new EmbeddedEventLogOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Failures(_ => { }));

    [Theory]
    [InlineData("Partitions")]
    [InlineData("HeartbeatInterval")]
    [InlineData("SessionTimeout")]
    [InlineData("MaxPollInterval")]
    [InlineData("PollInterval")]
    [InlineData("Retention")]
    [InlineData("PruneInterval")]
    public void A_bad_setting_is_refused_by_name(string setting)
    {
        var failures = Failures(o =>
        {
            switch (setting)
            {
                case "Partitions": o.Partitions = 0; break;
                case "HeartbeatInterval": o.HeartbeatInterval = TimeSpan.Zero; o.SessionTimeout = TimeSpan.FromSeconds(10); break;
                case "SessionTimeout": o.SessionTimeout = TimeSpan.FromSeconds(2); break;
                case "MaxPollInterval": o.MaxPollInterval = TimeSpan.FromSeconds(5); break;
                case "PollInterval": o.PollInterval = TimeSpan.FromHours(1); break;
                case "Retention": o.Retention = TimeSpan.Zero; break;
                case "PruneInterval": o.PruneInterval = TimeSpan.FromSeconds(-1); break;
            }
        });
        Assert.Contains(failures, f => f.StartsWith($"Events:Embedded:{setting} "));
    }

    private static IServiceCollection Register(string? log)
    {
        var settings = new Dictionary<string, string?>();
        if (log is not null) settings["Events:Log"] = log;
        return new ServiceCollection().AddEmbeddedEventLog(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("Embedded", true)]
    [InlineData("embedded", true)]
    [InlineData("Kafka", false)]
    public void It_is_the_event_log_unless_Kafka_is_chosen(string? log, bool embedded) =>
        Assert.Equal(embedded, Register(log).Any(d => d.ServiceType == typeof(IEventLog)));

    [Fact]
    public void An_unknown_log_is_refused_naming_the_setting() =>
        Assert.Contains("Events:Log", Assert.Throws<OptionsValidationException>(() => Register("Kinesis")).Message);

    [Fact]
    public async Task The_app_appends_to_and_reads_from_its_embedded_log()
    {
        await using var factory = new PortalAppFactory();
        factory.CreateClient().Dispose();
        var log = factory.Services.GetRequiredService<IEventLog>();
        Assert.IsType<EmbeddedEventLog>(log);
        await log.PublishAsync([new LogMessage("app.topic", "k", new byte[] { 1, 2, 3 }, new Dictionary<string, string>())]);
        Assert.Equal(1, (await log.DescribeAsync("none", ["app.topic"])).Sum(p => p.EndOffset));
    }

    [Fact]
    public void A_wrong_embedded_log_setting_stops_the_app_naming_it()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Events:Embedded:Partitions"] = "0" });
        Exception? error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        while (error is not null and not OptionsValidationException) error = error.InnerException;
        Assert.Contains("Events:Embedded:Partitions", Assert.IsType<OptionsValidationException>(error).Message);
    }
}
