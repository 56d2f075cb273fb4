using System.Text;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Archival;

/// <summary>The folder store's archive tier: archived objects still list, head and delete; reading one restores it on demand.</summary>
public sealed class FolderArchiveTests : IDisposable
{
    private const string Bucket = "archive-test";
    private readonly string _root = Directory.CreateTempSubdirectory("portal-archive-").FullName;
    private readonly ArchivalTestClock _clock = ArchivalTestClock.StartingNow();

    private FileSystemObjectStore Store(TimeSpan restoreDelay) => new(_root, _clock, restoreDelay);

    private static async Task PutAsync(IObjectStore store, string key, string text) =>
        await store.PutAsync(Bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(text)), "text/plain", new Dictionary<string, string> { ["n"] = "1" });

    private async Task<bool> ArchiveAsync(FileSystemObjectStore store, string key) =>
        await store.ArchiveAsync(Bucket, key, _clock.GetUtcNow().AddDays(-30), _clock.GetUtcNow().AddDays(-7));

    [Fact]
    public async Task Only_objects_written_before_the_limit_are_archived()
    {
        var store = Store(TimeSpan.Zero);
        await store.EnsureBucketAsync(Bucket);
        await PutAsync(store, "originals/a.txt", "a");

        Assert.False(await ArchiveAsync(store, "originals/a.txt"));
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await ArchiveAsync(store, "originals/a.txt"));
        Assert.False(await ArchiveAsync(store, "originals/a.txt")); // already archived
        Assert.False(await ArchiveAsync(store, "originals/missing.txt"));
    }

    [Fact]
    public async Task An_archived_object_still_lists_and_heads_as_archived()
    {
        var store = Store(TimeSpan.FromHours(3));
        await store.EnsureBucketAsync(Bucket);
        await PutAsync(store, "originals/a.txt", "archived");
        await PutAsync(store, "originals/b.txt", "kept");
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await ArchiveAsync(store, "originals/a.txt"));

        var listed = await store.ListAsync(Bucket, "originals/");
        Assert.Equal(["originals/a.txt", "originals/b.txt"], listed.Objects.Select(o => o.Key));
        Assert.Equal("archived".Length, listed.Objects[0].Length);
        var head = await store.HeadAsync(Bucket, "originals/a.txt");
        Assert.NotNull(head);
        Assert.True(head.Archived);
        Assert.Equal("text/plain", head.ContentType);
        Assert.Equal("1", head.Metadata["n"]);
        Assert.False((await store.HeadAsync(Bucket, "originals/b.txt"))!.Archived);
    }

    [Fact]
    public async Task Reading_an_archived_object_requests_a_restore_and_reads_once_the_restore_is_done()
    {
        var store = Store(TimeSpan.FromHours(3));
        await store.EnsureBucketAsync(Bucket);
        await PutAsync(store, "originals/a.txt", "the original bytes");
        var etag = (await store.HeadAsync(Bucket, "originals/a.txt"))!.ETag;
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await ArchiveAsync(store, "originals/a.txt"));

        var first = await Assert.ThrowsAsync<ObjectArchivedException>(() => store.GetAsync(Bucket, "originals/a.txt"));
        Assert.Equal(TimeSpan.FromHours(3), first.RetryAfter);
        _clock.Advance(TimeSpan.FromHours(1));
        var second = await Assert.ThrowsAsync<ObjectArchivedException>(() => store.GetAsync(Bucket, "originals/a.txt"));
        Assert.Equal(TimeSpan.FromHours(2), second.RetryAfter); // the same restore, not a new one

        _clock.Advance(TimeSpan.FromHours(2));
        await using (var restored = await store.GetAsync(Bucket, "originals/a.txt"))
        {
            Assert.NotNull(restored);
            Assert.Equal("the original bytes", await new StreamReader(restored.Content).ReadToEndAsync());
            Assert.Equal(etag, restored.Info.ETag);
        }
        Assert.False((await store.HeadAsync(Bucket, "originals/a.txt"))!.Archived);
    }

    [Fact]
    public async Task Without_a_restore_delay_the_first_read_restores()
    {
        var store = Store(TimeSpan.Zero);
        await store.EnsureBucketAsync(Bucket);
        await PutAsync(store, "originals/a.txt", "bytes");
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await ArchiveAsync(store, "originals/a.txt"));

        await using var restored = await store.GetAsync(Bucket, "originals/a.txt");
        Assert.NotNull(restored);
        Assert.Equal("bytes", await new StreamReader(restored.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task A_restored_object_stays_out_of_the_archive_for_the_restore_days()
    {
        var store = Store(TimeSpan.Zero);
        await store.EnsureBucketAsync(Bucket);
        await PutAsync(store, "originals/a.txt", "bytes");
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await ArchiveAsync(store, "originals/a.txt"));
        (await store.GetAsync(Bucket, "originals/a.txt"))!.Dispose();

        _clock.Advance(TimeSpan.FromDays(6));
        Assert.False(await ArchiveAsync(store, "originals/a.txt"));
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await ArchiveAsync(store, "originals/a.txt"));
    }

    [Fact]
    public async Task Deleting_or_replacing_an_archived_object_leaves_nothing_archived()
    {
        var store = Store(TimeSpan.FromHours(3));
        await store.EnsureBucketAsync(Bucket);
        await PutAsync(store, "originals/a.txt", "old a");
        await PutAsync(store, "originals/b.txt", "old b");
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await ArchiveAsync(store, "originals/a.txt"));
        Assert.True(await ArchiveAsync(store, "originals/b.txt"));
        await Assert.ThrowsAsync<ObjectArchivedException>(() => store.GetAsync(Bucket, "originals/a.txt"));

        await store.DeleteAsync(Bucket, "originals/a.txt");
        await PutAsync(store, "originals/b.txt", "new b");

        Assert.Null(await store.HeadAsync(Bucket, "originals/a.txt"));
        Assert.Null(await store.GetAsync(Bucket, "originals/a.txt"));
        await using var b = await store.GetAsync(Bucket, "originals/b.txt");
        Assert.Equal("new b", await new StreamReader(b!.Content).ReadToEndAsync());
        Assert.Equal(["originals/b.txt"], (await store.ListAsync(Bucket, "")).Objects.Select(o => o.Key));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, ".archive"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Deleting_the_bucket_deletes_its_archive()
    {
        var store = Store(TimeSpan.Zero);
        await store.EnsureBucketAsync(Bucket);
        await PutAsync(store, "originals/a.txt", "a");
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await ArchiveAsync(store, "originals/a.txt"));

        await store.DeleteBucketAsync(Bucket);

        Assert.False(Directory.Exists(Path.Combine(_root, ".archive", Bucket)));
        Assert.Empty(store.Buckets());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
