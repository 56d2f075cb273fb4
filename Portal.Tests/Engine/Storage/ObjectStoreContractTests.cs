using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Storage;

/// <summary>
/// The same contract on every object store: byte-exact round trips, content types, listing with
/// prefixes and pages, deletes, not-found, refused keys, and customers kept apart in both isolation modes.
/// </summary>
public abstract class ObjectStoreContractTests : IAsyncLifetime
{
    private ObjectStoreFixture? _fixture;

    /// <summary>Creates the store under test (and skips or fails when its peer is missing).</summary>
    protected abstract Task<ObjectStoreFixture> CreateFixtureAsync();

    private async Task<ObjectStoreFixture> FixtureAsync() => _fixture ??= await CreateFixtureAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_fixture is not null) await _fixture.DisposeAsync();
    }

    [SkippableFact]
    public async Task Put_then_get_returns_the_bytes_content_type_and_metadata()
    {
        var f = await FixtureAsync();
        var bytes = Encoding.UTF8.GetBytes("hello, object store");
        await f.Store.PutAsync(f.Bucket, "docs/hello.txt", new MemoryStream(bytes), "text/plain",
            new Dictionary<string, string> { ["original-name"] = "hello.txt" });

        await using var stored = await f.Store.GetAsync(f.Bucket, "docs/hello.txt");
        Assert.NotNull(stored);
        Assert.Equal(bytes, await ReadAllAsync(stored.Content));
        Assert.Equal("text/plain", stored.Info.ContentType);
        Assert.Equal(bytes.Length, stored.Info.Length);
        Assert.Equal("hello.txt", stored.Info.Metadata["original-name"]);
        Assert.False(string.IsNullOrEmpty(stored.Info.ETag));
        Assert.True(stored.Info.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [SkippableFact]
    public async Task A_ten_megabyte_random_object_comes_back_byte_for_byte()
    {
        var f = await FixtureAsync();
        var bytes = RandomNumberGenerator.GetBytes(10 * 1024 * 1024 + 123);
        var put = await f.Store.PutAsync(f.Bucket, "big/random.bin", new MemoryStream(bytes), "application/octet-stream");
        Assert.Equal(bytes.Length, put.Length);

        await using var stored = await f.Store.GetAsync(f.Bucket, "big/random.bin");
        Assert.NotNull(stored);
        var back = await ReadAllAsync(stored.Content);
        Assert.Equal(bytes.Length, back.Length);
        Assert.True(bytes.AsSpan().SequenceEqual(back), "the object read back differs from the one written");
        Assert.Equal(bytes.Length, stored.Info.Length);
    }

    [SkippableFact]
    public async Task A_forward_only_stream_is_stored_whole()
    {
        var f = await FixtureAsync();
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        await f.Store.PutAsync(f.Bucket, "stream.bin", new ForwardOnlyStream(bytes), "application/octet-stream");
        await using var stored = await f.Store.GetAsync(f.Bucket, "stream.bin");
        Assert.Equal(bytes, await ReadAllAsync(stored!.Content));
    }

    [SkippableFact]
    public async Task Head_describes_the_object_and_a_new_put_replaces_it()
    {
        var f = await FixtureAsync();
        await f.Store.PutAsync(f.Bucket, "a.png", new MemoryStream([1, 2, 3]), "image/png");
        var first = await f.Store.HeadAsync(f.Bucket, "a.png");
        await f.Store.PutAsync(f.Bucket, "a.png", new MemoryStream([4, 5, 6, 7]), "image/webp");
        var second = await f.Store.HeadAsync(f.Bucket, "a.png");

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(3, first.Length);
        Assert.Equal(4, second.Length);
        Assert.Equal("image/webp", second.ContentType);
        Assert.NotEqual(first.ETag, second.ETag);
        await using var stored = await f.Store.GetAsync(f.Bucket, "a.png");
        Assert.Equal(new byte[] { 4, 5, 6, 7 }, await ReadAllAsync(stored!.Content));
    }

    [SkippableFact]
    public async Task Missing_keys_and_buckets_are_not_found()
    {
        var f = await FixtureAsync();
        Assert.Null(await f.Store.GetAsync(f.Bucket, "no/such/key.jpg"));
        Assert.Null(await f.Store.HeadAsync(f.Bucket, "no/such/key.jpg"));
        Assert.Null(await f.Store.GetAsync(f.UnusedBucket, "key.jpg"));
        Assert.Empty((await f.Store.ListAsync(f.UnusedBucket, "")).Objects);
        await Assert.ThrowsAsync<ObjectBucketNotFoundException>(() =>
            f.Store.PutAsync(f.UnusedBucket, "key.jpg", new MemoryStream([1]), "image/jpeg"));
    }

    [SkippableFact]
    public async Task List_returns_the_keys_under_a_prefix_in_order_page_by_page()
    {
        var f = await FixtureAsync();
        var keys = Enumerable.Range(0, 7).Select(i => $"photos/2024/img-{i:00}.jpg").ToList();
        foreach (var key in keys.AsEnumerable().Reverse()) await f.Store.PutAsync(f.Bucket, key, new MemoryStream([(byte)key.Length]), "image/jpeg");
        await f.Store.PutAsync(f.Bucket, "photos/2025/other.jpg", new MemoryStream([1]), "image/jpeg");
        await f.Store.PutAsync(f.Bucket, "photos-archive.zip", new MemoryStream([1]), "application/zip");

        var listed = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await f.Store.ListAsync(f.Bucket, "photos/2024/", pageSize: 3, continuationToken: token);
            Assert.True(page.Objects.Count <= 3);
            listed.AddRange(page.Objects.Select(o => o.Key));
            Assert.All(page.Objects, o => Assert.Equal(1, o.Length));
            token = page.ContinuationToken;
            pages++;
        } while (token is not null && pages < 10);

        Assert.Equal(keys, listed);
        Assert.Equal(3, pages);
        var all = await f.Store.ListAsync(f.Bucket, "photos");
        Assert.Equal(9, all.Objects.Count);
        Assert.Null(all.ContinuationToken);
    }

    [SkippableFact]
    public async Task Delete_removes_the_object_and_deleting_a_missing_one_is_fine()
    {
        var f = await FixtureAsync();
        await f.Store.PutAsync(f.Bucket, "x/y.jpg", new MemoryStream([1]), "image/jpeg");
        await f.Store.PutAsync(f.Bucket, "x/z.jpg", new MemoryStream([1]), "image/jpeg");
        await f.Store.DeleteAsync(f.Bucket, "x/y.jpg");
        await f.Store.DeleteAsync(f.Bucket, "x/y.jpg");
        await f.Store.DeleteAsync(f.Bucket, "never/there.jpg");

        Assert.Null(await f.Store.HeadAsync(f.Bucket, "x/y.jpg"));
        Assert.NotNull(await f.Store.HeadAsync(f.Bucket, "x/z.jpg"));
        Assert.Equal(["x/z.jpg"], (await f.Store.ListAsync(f.Bucket, "x/")).Objects.Select(o => o.Key));
    }

    [SkippableFact]
    public async Task A_key_and_a_longer_key_under_it_live_side_by_side()
    {
        var f = await FixtureAsync();
        await f.Store.PutAsync(f.Bucket, "a", new MemoryStream([1]), "text/plain");
        await f.Store.PutAsync(f.Bucket, "a/b", new MemoryStream([2, 2]), "text/plain");
        Assert.Equal(1, (await f.Store.HeadAsync(f.Bucket, "a"))!.Length);
        Assert.Equal(2, (await f.Store.HeadAsync(f.Bucket, "a/b"))!.Length);
        Assert.Equal(["a", "a/b"], (await f.Store.ListAsync(f.Bucket, "a")).Objects.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> RefusedKeys => new()
    {
        "../outside.txt", "a/../../outside.txt", "a/..", "..", ".", "./a", "/etc/passwd", "a\\..\\b", "a\\b",
        "a\0b", "", "a//b", "a/", "C:evil", "line\nbreak",
    };

    [SkippableTheory]
    [MemberData(nameof(RefusedKeys))]
    public async Task Keys_that_could_leave_their_place_are_refused(string key)
    {
        var f = await FixtureAsync();
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => f.Store.PutAsync(f.Bucket, key, new MemoryStream([1]), "text/plain"));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => f.Store.GetAsync(f.Bucket, key));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => f.Store.HeadAsync(f.Bucket, key));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => f.Store.DeleteAsync(f.Bucket, key));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => f.Store.PutAsync("../" + f.Bucket, "ok.txt", new MemoryStream([1]), "text/plain"));
        f.AssertNothingOutsideTheStore();
    }

    [SkippableTheory]
    [InlineData(ObjectStoreOptions.PrefixIsolation)]
    [InlineData(ObjectStoreOptions.BucketIsolation)]
    public async Task One_customer_cannot_read_list_or_delete_another_customers_objects(string isolation)
    {
        var f = await FixtureAsync();
        var spaces = f.Spaces(isolation);
        var alice = spaces.For(Guid.NewGuid().ToString());
        var bob = spaces.For(Guid.NewGuid().ToString());
        f.TrackForCleanup(alice, bob);

        await alice.PutAsync("photo.jpg", new MemoryStream([1, 1, 1]), "image/jpeg");
        await alice.PutAsync("album/2.jpg", new MemoryStream([2]), "image/jpeg");

        Assert.Null(await bob.GetAsync("photo.jpg"));
        Assert.False(await bob.ExistsAsync("photo.jpg"));
        Assert.Empty((await bob.ListAsync()).Objects);
        await bob.DeleteAsync("photo.jpg");
        await bob.DeleteAllAsync();
        await bob.PutAsync("photo.jpg", new MemoryStream([9]), "image/jpeg");

        await using (var mine = await alice.GetAsync("photo.jpg"))
            Assert.Equal(new byte[] { 1, 1, 1 }, await ReadAllAsync(mine!.Content));
        Assert.Equal(["album/2.jpg", "photo.jpg"], (await alice.ListAsync()).Objects.Select(o => o.Key));
        Assert.Equal(["photo.jpg"], (await bob.ListAsync()).Objects.Select(o => o.Key));

        // Keys that try to climb into the other customer's space are refused, not mapped.
        foreach (var key in new[] { $"../{alice.CustomerId}/photo.jpg", $"../../customers/{alice.CustomerId}/photo.jpg", "/photo.jpg" })
            await Assert.ThrowsAsync<InvalidObjectKeyException>(() => bob.GetAsync(key));
        Assert.NotEqual(alice.Locate("photo.jpg"), bob.Locate("photo.jpg"));

        await alice.DeleteAllAsync();
        Assert.Empty((await alice.ListAsync()).Objects);
        Assert.Equal(["photo.jpg"], (await bob.ListAsync()).Objects.Select(o => o.Key));
    }

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}

/// <summary>A store under test with a bucket of its own, cleaned up afterwards.</summary>
public abstract class ObjectStoreFixture : IAsyncDisposable
{
    private readonly List<CustomerImageSpace> _spaces = [];
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..10];
    public abstract IObjectStore Store { get; }
    public string Bucket => $"portal-test-{RunId}";
    public string UnusedBucket => $"portal-unused-{RunId}";

    public CustomerImageSpaces Spaces(string isolation) => new(Store, Options.Create(new ObjectStoreOptions
    {
        Isolation = isolation,
        Bucket = Bucket,
        BucketTemplate = $"pt{RunId}-{{id}}",
    }));

    public void TrackForCleanup(params CustomerImageSpace[] spaces) => _spaces.AddRange(spaces);

    public virtual void AssertNothingOutsideTheStore() { }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var space in _spaces) await space.DeleteAllAsync();
        await Store.DeleteBucketAsync(Bucket);
    }
}
