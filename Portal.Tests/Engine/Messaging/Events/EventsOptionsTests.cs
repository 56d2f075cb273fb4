using Portal.Engine.Messaging;

namespace Portal.Tests.Engine.Messaging.Events;

public sealed class EventsOptionsTests
{
    private static IReadOnlyList<string> Failures(EventsOptions options) =>
        new EventsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void The_defaults_are_valid_and_give_each_family_its_own_topic()
    {
        var options = new EventsOptions();
        Assert.Empty(Failures(options));
        Assert.Equal("portal.orders", options.TopicOf("orders"));
        Assert.Equal("images", options.FamilyOf("portal.images"));
        Assert.Null(options.FamilyOf("someone.elses"));
    }

    [Fact]
    public void A_missing_bad_or_shared_topic_names_the_setting()
    {
        var options = new EventsOptions();
        options.Topics.Remove("images");
        options.Topics["orders"] = "has spaces";
        options.Topics["activity"] = "portal.catalog";
        var failures = Failures(options);
        Assert.Contains(failures, f => f.Contains("Events:Topics:images"));
        Assert.Contains(failures, f => f.Contains("Events:Topics:orders") && f.Contains("has spaces"));
        Assert.Contains(failures, f => f.Contains("portal.catalog") && f.Contains("more than one family"));
    }
}
