using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Archival;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Storage;

namespace Portal.Tests.Engine.Archival;

/// <summary>
/// The lifecycle rules on the S3 peer (PORTAL_TEST_S3, s3rver 3.7.1). s3rver implements object tagging and stores
/// storage classes, but answers NotImplemented to Get/PutBucketLifecycleConfiguration and RestoreObject, and never
/// refuses to read a GLACIER object: what these tests check is what it does implement, and that the portal reports the
/// rest plainly instead of pretending the rules were applied. The rest runs on moto (<see cref="S3ArchiveRestoreTests"/>).
/// </summary>
public sealed class S3LifecycleTests : IAsyncLifetime
{
    private readonly ObjectStoreOptions _options = new() { Bucket = S3Peer.UniqueBucket("lifecycle") };
    private IAmazonS3 _client = default!;
    private S3ObjectStore _store = default!;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync()
    {
        var plain = (S3ObjectStore)S3Peer.Store();
        _client = plain.Client;
        _options.Lifecycle = new ObjectLifecycleSettings { ArchiveOriginalsAfterDays = 30, ExpireRenditionsAfterDays = 7, ArchiveStorageClass = "GLACIER" };
        _store = new S3ObjectStore(_client, new ImageObjectClassifier(Options.Create(_options)), _options.Lifecycle, tagAfterPut: true);
        await _store.EnsureBucketAsync(_options.Bucket);
    }

    [SkippableFact]
    public async Task Applying_the_rules_reports_that_the_endpoint_does_not_implement_lifecycle_configuration()
    {
        await StartAsync();
        var lifecycle = new ObjectLifecycle(_store, new ImageObjectClassifier(Options.Create(_options)), Options.Create(_options), TimeProvider.System,
            NullLogger<ObjectLifecycle>.Instance);

        var result = Assert.Single(await lifecycle.ApplyToBucketsAsync(_client, CancellationToken.None));

        Assert.Equal(_options.Bucket, result.Bucket);
        Assert.Equal(LifecycleApplyOutcome.NotSupported, result.Outcome);
        Assert.Contains("501 NotImplemented", result.Detail);
        // The request itself reaches the server and is refused there, not in the SDK.
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => _client.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = _options.Bucket,
            Configuration = new LifecycleConfiguration { Rules = S3LifecycleRules.For(_options.Lifecycle) },
        }));
        Assert.Equal("NotImplemented", refused.ErrorCode);
    }

    [SkippableFact]
    public async Task Originals_and_cached_renditions_carry_the_tag_the_rules_filter_on()
    {
        await StartAsync();
        var space = new CustomerImageSpaces(_store, Options.Create(_options)).For("alice");
        await space.PutAsync("originals/1.jpg", new MemoryStream(Encoding.UTF8.GetBytes("original")), "image/jpeg");
        await space.PutAsync("cache/originals/1.jpg/abc", new MemoryStream(Encoding.UTF8.GetBytes("rendition")), "image/webp");
        await space.PutAsync("renditions/1/standard/thumb.webp", new MemoryStream(Encoding.UTF8.GetBytes("thumb")), "image/webp");

        Assert.Equal("original", await TagAsync(space.Locate("originals/1.jpg").Key));
        Assert.Equal("rendition", await TagAsync(space.Locate("cache/originals/1.jpg/abc").Key));
        Assert.Null(await TagAsync(space.Locate("renditions/1/standard/thumb.webp").Key));
        // The tag is beside the object, not in it.
        await using var stored = await space.GetAsync("originals/1.jpg");
        Assert.Equal("original", await new StreamReader(stored!.Content).ReadToEndAsync());
    }

    [SkippableFact]
    public async Task An_object_in_an_archive_class_heads_as_archived()
    {
        await StartAsync();
        await PutWithClassAsync("customers/alice/originals/cold.jpg", S3StorageClass.Glacier);
        await PutWithClassAsync("customers/alice/originals/deep.jpg", S3StorageClass.DeepArchive);
        await PutWithClassAsync("customers/alice/originals/warm.jpg", S3StorageClass.Standard);

        Assert.True((await _store.HeadAsync(_options.Bucket, "customers/alice/originals/cold.jpg"))!.Archived);
        Assert.True((await _store.HeadAsync(_options.Bucket, "customers/alice/originals/deep.jpg"))!.Archived);
        Assert.False((await _store.HeadAsync(_options.Bucket, "customers/alice/originals/warm.jpg"))!.Archived);
    }

    private async Task<string?> TagAsync(string key)
    {
        var tags = await _client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _options.Bucket, Key = key });
        return (tags.Tagging ?? []).SingleOrDefault(t => t.Key == ObjectLifecycleTag.Name)?.Value;
    }

    private Task PutWithClassAsync(string key, S3StorageClass storageClass) =>
        _client.PutObjectAsync(new PutObjectRequest { BucketName = _options.Bucket, Key = key, ContentBody = "bytes", StorageClass = storageClass });

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DeleteBucketAsync(_options.Bucket);
    }
}
