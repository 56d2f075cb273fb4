using Microsoft.Extensions.Options;
using Portal.Engine.Catalog;
using Portal.Features.Images;

namespace Portal.Tests.Features.Images;

/// <summary>The photo versions the fast lane trusts: for the trust time after a lookup, and not after a change notification names their item.</summary>
public sealed class CatalogSourceVersionsTests
{
    private sealed class ManualClock : TimeProvider
    {
        private long _now = 1_000_000;
        public override long GetTimestamp() => _now;
        public void Advance(TimeSpan by) => _now += (long)(by.TotalSeconds * TimestampFrequency);
    }

    private readonly CatalogChangeFeed _feed = new();
    private readonly ManualClock _clock = new();

    private CatalogSourceVersions Versions(int seconds = 5) =>
        new(_feed, _clock, Options.Create(new ImageHandlerOptions { FastLaneSourceSeconds = seconds }));

    [Fact]
    public void A_version_is_trusted_for_the_trust_time_after_its_lookup()
    {
        using var versions = Versions(5);
        versions.Remember("products/7-a.jpg", "e1", versions.Stamp());

        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(versions.TryGet("products/7-a.jpg", out var etag));
        Assert.Equal("e1", etag);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(versions.TryGet("products/7-a.jpg", out _));

        versions.Remember("products/7-a.jpg", "e2", versions.Stamp()); // the handler looked it up again
        Assert.True(versions.TryGet("products/7-a.jpg", out etag));
        Assert.Equal("e2", etag);
    }

    [Fact]
    public void A_change_notification_forgets_its_items_versions_and_every_version_of_a_key_that_names_no_item()
    {
        using var versions = Versions();
        foreach (var key in new[] { "products/7-a.jpg", "products/7-b.png", "products/8-c.jpg", "products/flat.jpg" })
            versions.Remember(key, "e", versions.Stamp());

        _feed.Publish(new CatalogChanged([7, 9], "sam"));

        Assert.False(versions.TryGet("products/7-a.jpg", out _));
        Assert.False(versions.TryGet("products/7-b.png", out _));
        Assert.False(versions.TryGet("products/flat.jpg", out _));
        Assert.True(versions.TryGet("products/8-c.jpg", out _));
    }

    [Fact]
    public void A_lookup_that_started_before_a_change_is_not_kept()
    {
        using var versions = Versions();
        var stamp = versions.Stamp();
        _feed.Publish(new CatalogChanged([7], "sam")); // heard while the lookup ran
        versions.Remember("products/7-a.jpg", "old", stamp);
        Assert.False(versions.TryGet("products/7-a.jpg", out _));
    }

    [Fact]
    public void Zero_seconds_trusts_nothing_and_disposing_stops_listening()
    {
        using (var off = Versions(0))
        {
            off.Remember("products/7-a.jpg", "e", off.Stamp());
            Assert.False(off.TryGet("products/7-a.jpg", out _));
        }
        var versions = Versions();
        versions.Dispose();
        var stamp = versions.Stamp();
        _feed.Publish(new CatalogChanged([7], "sam"));
        Assert.Equal(stamp, versions.Stamp());
    }

    [Theory]
    [InlineData("products/12-0a1b.jpg", 12)]
    [InlineData("products/12.jpg", null)]
    [InlineData("products/-3-x.jpg", null)]
    [InlineData("other/12-x.jpg", null)]
    public void Photo_keys_name_their_item(string key, int? item) => Assert.Equal(item, CatalogSourceVersions.ItemOf(key));

    [Theory]
    [InlineData(-1)]
    [InlineData(301)]
    public void The_trust_time_is_validated(int seconds)
    {
        var result = new ImageHandlerOptionsValidator().Validate(null, new ImageHandlerOptions { FastLaneSourceSeconds = seconds });
        Assert.Contains("Imaging:Handler:FastLaneSourceSeconds", result.FailureMessage);
    }
}
