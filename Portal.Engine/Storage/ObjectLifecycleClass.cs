namespace Portal.Engine.Storage;

/// <summary>What a lifecycle rule does with an object: originals are archived, cached renditions expire.</summary>
public enum ObjectLifecycleClass
{
    Original,
    Rendition,
}

/// <summary>
/// Tells which lifecycle rule applies to an object by its bucket and key (the key layouts belong to the features that
/// write them). On S3 the class is written as the object tag <see cref="ObjectLifecycleTag.Name"/>, which the bucket's
/// lifecycle rules filter on; the folder store's daily job asks it directly.
/// </summary>
public interface IObjectLifecycleClassifier
{
    ObjectLifecycleClass? Classify(string bucket, string key);
}

public static class ObjectLifecycleTag
{
    public const string Name = "portal-lifecycle";

    public static string Value(ObjectLifecycleClass kind) => kind switch
    {
        ObjectLifecycleClass.Original => "original",
        ObjectLifecycleClass.Rendition => "rendition",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
