using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Archival;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Archival;

/// <summary><c>ObjectStore:Lifecycle</c> is checked at start-up naming the bad setting, and maps to S3 lifecycle rules.</summary>
public sealed class ObjectLifecycleSettingsTests
{
    [Theory]
    [InlineData("ArchiveOriginalsAfterDays", "0")]
    [InlineData("ExpireRenditionsAfterDays", "-3")]
    [InlineData("KeepExportMonths", "0")]
    [InlineData("ArchiveStorageClass", "STANDARD_IA")]
    [InlineData("RestoreDays", "0")]
    [InlineData("RestoreTier", "Fast")]
    [InlineData("Schedule", "every day")]
    [InlineData("FolderRestoreDelay", "-00:00:01")]
    public void A_wrong_setting_is_refused_naming_it(string name, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"ObjectStore:Lifecycle:{name}"] = value }).Build();
        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddObjectStore(configuration, Path.GetTempPath()));
        Assert.Contains($"ObjectStore:Lifecycle:{name}", error.Message);
    }

    [Fact]
    public void Expedited_restores_are_refused_for_deep_archive()
    {
        var problems = new ObjectStoreOptionsValidator().Validate(null, new ObjectStoreOptions
        {
            Lifecycle = new() { ArchiveOriginalsAfterDays = 30, ArchiveStorageClass = "DEEP_ARCHIVE", RestoreTier = "Expedited" },
        });
        Assert.Contains("ObjectStore:Lifecycle:RestoreTier", Assert.Single(problems.Failures!));
    }

    [Fact]
    public void Every_rule_is_off_by_default()
    {
        var settings = new ObjectLifecycleSettings();
        Assert.False(settings.Enabled);
        Assert.Empty(S3LifecycleRules.For(settings));
        Assert.False(new ObjectStoreOptionsValidator().Validate(null, new ObjectStoreOptions()).Failed);
    }

    [Fact]
    public void The_settings_become_tag_filtered_s3_rules()
    {
        var rules = S3LifecycleRules.For(new ObjectLifecycleSettings { ArchiveOriginalsAfterDays = 30, ExpireRenditionsAfterDays = 7, ArchiveStorageClass = "glacier" });

        Assert.Equal(
            [
                "portal-archive-originals Enabled tag portal-lifecycle=original transition 30d GLACIER",
                "portal-expire-renditions Enabled tag portal-lifecycle=rendition expire 7d",
            ],
            rules.Select(S3LifecycleRules.Describe));
    }

    [Fact]
    public void Merging_replaces_the_portal_rules_and_keeps_the_bucket_owners_own()
    {
        var theirs = new Amazon.S3.Model.LifecycleRule { Id = "abort-uploads", Status = LifecycleRuleStatus.Enabled };
        var oldOurs = S3LifecycleRules.For(new ObjectLifecycleSettings { ArchiveOriginalsAfterDays = 90, ExpireRenditionsAfterDays = 7 });
        var newOurs = S3LifecycleRules.For(new ObjectLifecycleSettings { ArchiveOriginalsAfterDays = 30 });

        var merged = S3LifecycleRules.Merge([theirs, .. oldOurs], newOurs);

        Assert.Equal(["abort-uploads", "portal-archive-originals"], merged.Select(r => r.Id));
        Assert.Equal(30, merged[1].Transitions[0].Days);
        Assert.False(S3LifecycleRules.Same([theirs, .. oldOurs], merged));
        Assert.True(S3LifecycleRules.Same(merged, S3LifecycleRules.Merge(merged, newOurs)));
    }

    [Theory]
    [InlineData("Prefix", "portal-images", "customers/0a1b/originals/x.jpg", ObjectLifecycleClass.Original)]
    [InlineData("Prefix", "portal-images", "customers/0a1b/cache/originals/x.jpg/k", ObjectLifecycleClass.Rendition)]
    [InlineData("Prefix", "portal-images", "customers/0a1b/renditions/x/standard/t.webp", null)]
    [InlineData("Prefix", "portal-images", "originals/x.jpg", null)]
    [InlineData("Prefix", "portal-lake", "customers/0a1b/originals/x.jpg", null)]
    [InlineData("Bucket", "portal-customer-0a1b", "originals/x.jpg", ObjectLifecycleClass.Original)]
    [InlineData("Bucket", "portal-customer-0a1b", "cache/originals/x.jpg/k", ObjectLifecycleClass.Rendition)]
    [InlineData("Bucket", "portal-lake", "originals/x.jpg", null)]
    public void Objects_are_classified_by_the_key_layout_of_customer_spaces(string isolation, string bucket, string key, ObjectLifecycleClass? expected)
    {
        var classifier = new ImageObjectClassifier(Options.Create(new ObjectStoreOptions { Isolation = isolation }));
        Assert.Equal(expected, classifier.Classify(bucket, key));
    }
}
