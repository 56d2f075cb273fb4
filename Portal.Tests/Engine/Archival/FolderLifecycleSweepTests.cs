using System.Text;
using Microsoft.Extensions.Options;
using Portal.Engine.Archival;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Archival;

/// <summary>The folder store's daily lifecycle pass, with a clock the test moves: what it archives, deletes and leaves alone.</summary>
public sealed class FolderLifecycleSweepTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("portal-sweep-").FullName;
    private readonly ArchivalTestClock _clock = ArchivalTestClock.StartingNow();
    private readonly ObjectLifecycleSettings _rules = new() { ArchiveOriginalsAfterDays = 30, ExpireRenditionsAfterDays = 7, RestoreDays = 7 };

    [Theory]
    [InlineData(ObjectStoreOptions.PrefixIsolation)]
    [InlineData(ObjectStoreOptions.BucketIsolation)]
    public async Task Renditions_expire_and_originals_are_archived_each_after_its_own_days(string isolation)
    {
        var options = Options.Create(new ObjectStoreOptions { Isolation = isolation, Bucket = "sweep-images", BucketTemplate = "sweep-{id}" });
        var store = new FileSystemObjectStore(_root, _clock);
        var spaces = new CustomerImageSpaces(store, options);
        var sweep = new FolderLifecycleSweep(store, new ImageObjectClassifier(options), _rules, _clock);
        var alice = spaces.For("alice");
        var bob = spaces.For("bob");
        foreach (var space in new[] { alice, bob })
        {
            await PutAsync(space, "originals/1.jpg");
            await PutAsync(space, "cache/originals/1.jpg/abc");
            await PutAsync(space, "renditions/1/standard/thumb.webp");
        }
        await store.EnsureBucketAsync("portal-lake");
        await store.PutAsync("portal-lake", "lake/sales/month=2020-01/part-1.parquet", new MemoryStream([1]), "application/octet-stream");

        Assert.Equal(new FolderSweepResult(0, 0), await sweep.SweepAsync(CancellationToken.None));

        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(new FolderSweepResult(0, 2), await sweep.SweepAsync(CancellationToken.None));
        Assert.False(await alice.ExistsAsync("cache/originals/1.jpg/abc"));
        Assert.False((await alice.HeadAsync("originals/1.jpg"))!.Archived);

        _clock.Advance(TimeSpan.FromDays(23));
        Assert.Equal(new FolderSweepResult(2, 0), await sweep.SweepAsync(CancellationToken.None));
        Assert.True((await alice.HeadAsync("originals/1.jpg"))!.Archived);
        Assert.True((await bob.HeadAsync("originals/1.jpg"))!.Archived);
        // Standard renditions and other buckets are no rule's business.
        Assert.False((await alice.HeadAsync("renditions/1/standard/thumb.webp"))!.Archived);
        Assert.NotNull(await store.HeadAsync("portal-lake", "lake/sales/month=2020-01/part-1.parquet"));

        Assert.Equal(new FolderSweepResult(0, 0), await sweep.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_rule_left_empty_does_nothing()
    {
        var options = Options.Create(new ObjectStoreOptions { Bucket = "sweep-images" });
        var store = new FileSystemObjectStore(_root, _clock);
        var space = new CustomerImageSpaces(store, options).For("alice");
        await PutAsync(space, "originals/1.jpg");
        await PutAsync(space, "cache/originals/1.jpg/abc");
        var sweep = new FolderLifecycleSweep(store, new ImageObjectClassifier(options), new ObjectLifecycleSettings { ExpireRenditionsAfterDays = 1 }, _clock);

        _clock.Advance(TimeSpan.FromDays(400));

        Assert.Equal(new FolderSweepResult(0, 1), await sweep.SweepAsync(CancellationToken.None));
        Assert.False((await space.HeadAsync("originals/1.jpg"))!.Archived);
    }

    private static Task PutAsync(CustomerImageSpace space, string key) =>
        space.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(key)), "application/octet-stream");

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
