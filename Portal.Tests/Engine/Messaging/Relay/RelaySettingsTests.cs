using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Relay;

namespace Portal.Tests.Engine.Messaging.Relay;

public sealed class RelaySettingsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new RelayOptionsValidator().Validate(null, new RelayOptions()).Succeeded);
    }

    [Fact]
    public void Bad_settings_are_refused_at_start_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Events:Relay:BatchSize"] = "0",
            ["Events:Relay:LeaseDuration"] = "00:00:10",
            ["Events:Relay:PublishTimeout"] = "00:00:08",
            ["Events:Relay:MinBackoff"] = "00:01:00",
            ["Events:Relay:MaxBackoff"] = "00:00:05",
            ["Events:Relay:Retention"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection().AddOutboxRelay(configuration).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RelayOptions>>().Value);

        Assert.Contains(refused.Failures, f => f.StartsWith("Events:Relay:BatchSize must be between 1 and 10000"));
        Assert.Contains(refused.Failures, f => f.StartsWith("Events:Relay:PublishTimeout (00:00:08) must be at most half of Events:Relay:LeaseDuration"));
        Assert.Contains(refused.Failures, f => f.StartsWith("Events:Relay:MaxBackoff (00:00:05) must not be shorter than Events:Relay:MinBackoff"));
        Assert.Contains(refused.Failures, f => f.StartsWith("Events:Relay:Retention must be between"));
        Assert.Equal(4, refused.Failures.Count());
    }

    [Fact]
    public void The_back_off_doubles_from_the_minimum_and_stops_at_the_maximum()
    {
        var options = new RelayOptions { MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) };
        var relay = new OutboxRelay(null!, null!, Options.Create(options), null!, new RelayStatus(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxRelay>.Instance);

        Assert.InRange(relay.Backoff(1).TotalSeconds, 0.8, 1.2);
        Assert.InRange(relay.Backoff(2).TotalSeconds, 1.6, 2.4);
        Assert.InRange(relay.Backoff(4).TotalSeconds, 6.4, 9.6);
        Assert.InRange(relay.Backoff(50).TotalSeconds, 24, 36);
    }
}
