using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Live;

/// <summary>The <c>Events:Live</c> settings: defaults pass, wrong values are refused naming the setting.</summary>
public sealed class LiveEventsOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_wrong_values_name_their_setting()
    {
        var validator = new LiveEventsOptionsValidator();
        Assert.True(validator.Validate(null, new LiveEventsOptions()).Succeeded);

        var result = validator.Validate(null, new LiveEventsOptions
        {
            MaxPollRecords = 0, PollWait = TimeSpan.Zero, MaxRetryDelay = TimeSpan.FromHours(1), RecentPerPartition = 10_000,
        });

        Assert.True(result.Failed);
        foreach (var setting in new[] { "MaxPollRecords", "PollWait", "MaxRetryDelay", "RecentPerPartition" })
            Assert.Contains($"Events:Live:{setting}", result.FailureMessage);
    }

    [Fact]
    public void AddLiveEvents_binds_the_section_and_refuses_a_bad_value_when_the_options_are_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Events:Live:RecentPerPartition"] = "40",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IEventLog>(new MemoryEventLog()).AddLogging();
        services.AddLiveEvents(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(40, provider.GetRequiredService<IOptions<LiveEventsOptions>>().Value.RecentPerPartition);
        Assert.Same(provider.GetRequiredService<LiveEventFeed>(), provider.GetRequiredService<ILiveEvents>());

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Events:Live:MaxPollRecords"] = "0" }).Build();
        using var badProvider = new ServiceCollection().AddLiveEvents(bad).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<LiveEventsOptions>>().Value);
        Assert.Contains("Events:Live:MaxPollRecords", error.Message);
    }
}
