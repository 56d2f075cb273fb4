using Amazon.S3;
using Amazon.S3.Model;
using Portal.Engine.Storage;

namespace Portal.Engine.Archival;

/// <summary>
/// <c>ObjectStore:Lifecycle</c> as S3 lifecycle rules. Customers' keys start with their id (<c>customers/{id}/...</c>),
/// so a prefix cannot pick originals or renditions out: the rules filter on the object tag the store writes
/// (<see cref="ObjectLifecycleTag"/>). Rules whose id starts with <see cref="IdPrefix"/> are the portal's; a bucket's
/// other rules are kept as they are.
/// </summary>
public static class S3LifecycleRules
{
    public const string IdPrefix = "portal-";
    public const string ArchiveOriginals = "portal-archive-originals";
    public const string ExpireRenditions = "portal-expire-renditions";

    public static List<LifecycleRule> For(ObjectLifecycleSettings settings)
    {
        var rules = new List<LifecycleRule>();
        if (settings.ArchiveOriginalsAfterDays is { } archiveAfter)
        {
            rules.Add(new LifecycleRule
            {
                Id = ArchiveOriginals,
                Status = LifecycleRuleStatus.Enabled,
                Filter = TagFilter(ObjectLifecycleClass.Original),
                Transitions = [new LifecycleTransition { Days = archiveAfter, StorageClass = S3StorageClass.FindValue(settings.ArchiveStorageClass.ToUpperInvariant()) }],
            });
        }
        if (settings.ExpireRenditionsAfterDays is { } expireAfter)
        {
            rules.Add(new LifecycleRule
            {
                Id = ExpireRenditions,
                Status = LifecycleRuleStatus.Enabled,
                Filter = TagFilter(ObjectLifecycleClass.Rendition),
                Expiration = new LifecycleRuleExpiration { Days = expireAfter },
            });
        }
        return rules;
    }

    /// <summary>The bucket's rules with the portal's replaced by <paramref name="ours"/>.</summary>
    public static List<LifecycleRule> Merge(IEnumerable<LifecycleRule> existing, IEnumerable<LifecycleRule> ours) =>
        existing.Where(r => !IsOurs(r)).Concat(ours).ToList();

    public static bool IsOurs(LifecycleRule rule) => rule.Id?.StartsWith(IdPrefix, StringComparison.Ordinal) == true;

    /// <summary>Whether two rule lists say the same (the portal's rules compared field by field, others by id).</summary>
    public static bool Same(IReadOnlyList<LifecycleRule> a, IReadOnlyList<LifecycleRule> b) =>
        a.Select(Describe).Order(StringComparer.Ordinal).SequenceEqual(b.Select(Describe).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>A rule in one line, e.g. <c>portal-archive-originals Enabled tag portal-lifecycle=original transition 30d GLACIER</c>.</summary>
    public static string Describe(LifecycleRule rule)
    {
        if (!IsOurs(rule)) return rule.Id ?? "";
        var tag = FilterTag(rule) is { } t ? $" tag {t.Key}={t.Value}" : "";
        var transitions = string.Concat((rule.Transitions ?? []).Select(x => $" transition {x.Days}d {x.StorageClass?.Value}"));
        var expiration = rule.Expiration?.Days is { } days ? $" expire {days}d" : "";
        return $"{rule.Id} {rule.Status?.Value}{tag}{transitions}{expiration}";
    }

    /// <summary>
    /// The rule's tag filter. AWSSDK.S3 4.1 reads a bucket's <c>&lt;Filter&gt;&lt;Tag&gt;</c> into the older
    /// <c>LifecycleFilterPredicate</c> and leaves <c>Filter.Tag</c> empty, while it writes from either.
    /// </summary>
    public static Tag? FilterTag(LifecycleRule rule) =>
#pragma warning disable CS0618 // the SDK's reader fills only this property
        rule.Filter?.Tag ?? (rule.Filter?.LifecycleFilterPredicate as LifecycleTagPredicate)?.Tag;
#pragma warning restore CS0618

    private static LifecycleFilter TagFilter(ObjectLifecycleClass kind) =>
        new() { Tag = new Tag { Key = ObjectLifecycleTag.Name, Value = ObjectLifecycleTag.Value(kind) } };
}
