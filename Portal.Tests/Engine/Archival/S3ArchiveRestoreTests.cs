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
/// Archival on an S3 server that implements it (moto, <see cref="S3ArchivePeer"/>): the lifecycle rules are written to
/// the bucket and read back, and an original in GLACIER or DEEP_ARCHIVE is refused, restored on demand and then read.
/// moto finishes a restore at once; on Amazon S3 it takes the tier's hours, which the store reports as Retry-After.
/// </summary>
public sealed class S3ArchiveRestoreTests : IAsyncLifetime
{
    private readonly ObjectStoreOptions _options = new() { Bucket = S3Peer.UniqueBucket("archive") };
    private IAmazonS3 _client = default!;
    private S3ObjectStore _store = default!;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync(string restoreTier = "Standard")
    {
        _client = S3ArchivePeer.Client();
        _options.Lifecycle = new ObjectLifecycleSettings
        {
            ArchiveOriginalsAfterDays = 30, ExpireRenditionsAfterDays = 7, ArchiveStorageClass = "GLACIER", RestoreDays = 3, RestoreTier = restoreTier,
        };
        _store = new S3ObjectStore(_client, new ImageObjectClassifier(Options.Create(_options)), _options.Lifecycle);
        await _store.EnsureBucketAsync(_options.Bucket);
    }

    [SkippableFact]
    public async Task The_rules_are_written_to_the_bucket_once_and_keep_its_other_rules()
    {
        await StartAsync();
        await _client.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = _options.Bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules = [new LifecycleRule
                {
                    Id = "team-logs", Status = LifecycleRuleStatus.Enabled,
                    Filter = new LifecycleFilter { Prefix = "logs/" },
                    Expiration = new LifecycleRuleExpiration { Days = 90 },
                }],
            },
        });
        var lifecycle = new ObjectLifecycle(_store, new ImageObjectClassifier(Options.Create(_options)), Options.Create(_options), TimeProvider.System,
            NullLogger<ObjectLifecycle>.Instance);

        var first = Assert.Single(await lifecycle.ApplyToBucketsAsync(_client, CancellationToken.None));
        var second = Assert.Single(await lifecycle.ApplyToBucketsAsync(_client, CancellationToken.None));

        Assert.Equal(LifecycleApplyOutcome.Applied, first.Outcome);
        Assert.Equal(LifecycleApplyOutcome.Unchanged, second.Outcome);
        var rules = (await _client.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = _options.Bucket })).Configuration.Rules;
        Assert.Equal(["portal-archive-originals", "portal-expire-renditions", "team-logs"], rules.Select(r => r.Id).Order(StringComparer.Ordinal));
        var archive = rules.Single(r => r.Id == S3LifecycleRules.ArchiveOriginals);
        Assert.Equal(ObjectLifecycleTag.Name, S3LifecycleRules.FilterTag(archive)!.Key);
        Assert.Equal(ObjectLifecycleTag.Value(ObjectLifecycleClass.Original), S3LifecycleRules.FilterTag(archive)!.Value);
        Assert.Equal(30, Assert.Single(archive.Transitions).Days);
        Assert.Equal("GLACIER", archive.Transitions[0].StorageClass.Value);
        var expire = rules.Single(r => r.Id == S3LifecycleRules.ExpireRenditions);
        Assert.Equal(ObjectLifecycleTag.Value(ObjectLifecycleClass.Rendition), S3LifecycleRules.FilterTag(expire)!.Value);
        Assert.Equal(7, expire.Expiration.Days);
    }

    [SkippableFact]
    public async Task An_original_the_rules_would_archive_is_tagged_for_them_at_upload()
    {
        await StartAsync();
        var space = new CustomerImageSpaces(_store, Options.Create(_options)).For("alice");

        await space.PutAsync("originals/1.jpg", new MemoryStream(Encoding.UTF8.GetBytes("original")), "image/jpeg");

        var tags = await _client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _options.Bucket, Key = space.Locate("originals/1.jpg").Key });
        Assert.Equal(ObjectLifecycleTag.Value(ObjectLifecycleClass.Original), Assert.Single(tags.Tagging, t => t.Key == ObjectLifecycleTag.Name).Value);
    }

    [SkippableTheory]
    [InlineData("GLACIER", "Standard")]
    [InlineData("DEEP_ARCHIVE", "Bulk")]
    public async Task An_archived_original_is_refused_with_a_restore_started_and_reads_once_restored(string storageClass, string tier)
    {
        await StartAsync(tier);
        const string key = "customers/alice/originals/cold.jpg";
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _options.Bucket, Key = key, ContentBody = "cold bytes", StorageClass = S3StorageClass.FindValue(storageClass),
        });
        Assert.True((await _store.HeadAsync(_options.Bucket, key))!.Archived);

        var refused = await Assert.ThrowsAsync<ObjectArchivedException>(() => _store.GetAsync(_options.Bucket, key));

        Assert.Equal(key, refused.Key);
        Assert.Equal(_options.Lifecycle.TypicalRestoreTime, refused.RetryAfter);
        var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = key });
        Assert.NotNull(head.RestoreExpiration); // the restore the refusal asked for (moto has it ready at once)
        Assert.False((await _store.HeadAsync(_options.Bucket, key))!.Archived);
        await using var restored = await _store.GetAsync(_options.Bucket, key);
        Assert.Equal("cold bytes", await new StreamReader(restored!.Content).ReadToEndAsync());
    }

    [SkippableFact]
    public async Task A_second_refusal_while_a_restore_is_known_does_not_fail()
    {
        await StartAsync();
        const string key = "customers/alice/originals/twice.jpg";
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _options.Bucket, Key = key, ContentBody = "x", StorageClass = S3StorageClass.Glacier });
        await _client.RestoreObjectAsync(new RestoreObjectRequest { BucketName = _options.Bucket, Key = key, Days = 1 });

        await using var read = await _store.GetAsync(_options.Bucket, key);

        Assert.Equal("x", await new StreamReader(read!.Content).ReadToEndAsync());
    }

    [SkippableFact]
    public async Task An_object_in_a_class_read_at_once_is_never_archived()
    {
        await StartAsync();
        const string key = "customers/alice/originals/ir.jpg";
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _options.Bucket, Key = key, ContentBody = "ir", StorageClass = S3StorageClass.GlacierInstantRetrieval });

        Assert.False((await _store.HeadAsync(_options.Bucket, key))!.Archived);
        await using var read = await _store.GetAsync(_options.Bucket, key);
        Assert.Equal("ir", await new StreamReader(read!.Content).ReadToEndAsync());
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DeleteBucketAsync(_options.Bucket);
    }
}
