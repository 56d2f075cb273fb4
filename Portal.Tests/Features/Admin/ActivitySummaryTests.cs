using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Features.Admin.Activity;

namespace Portal.Tests.Features.Admin;

public sealed class ActivitySummaryTests
{
    private static ActivityEntry Entry(IIntegrationEvent? e, string? problem = null) =>
        new("id-1", DateTimeOffset.UnixEpoch, e?.GetType().Name, null, "images", "key", "{}", e, problem, null);

    [Fact]
    public void An_image_tagged_event_says_which_labels_and_model_version()
    {
        var tagged = new ImageTagged(Guid.NewGuid(), "user-1", ["mugs", "posters"], 7);
        Assert.Equal("Image tagged mugs, posters (model version 7)", ActivitySummary.Of(Entry(tagged)));
    }

    [Fact]
    public void Tags_taken_away_say_so()
    {
        var cleared = new ImageTagged(Guid.NewGuid(), "user-1", [], 8);
        Assert.Equal("Image tags cleared", ActivitySummary.Of(Entry(cleared)));
    }

    [Fact]
    public void An_unreadable_event_names_its_problem()
    {
        Assert.Equal("Not readable: bad json", ActivitySummary.Of(Entry(null, "bad json")));
    }
}
