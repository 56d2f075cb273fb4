namespace Portal.Engine.Analytics.Athena;

/// <summary>An <c>s3://bucket/prefix/</c> output location, mapped onto the object store's bucket and key prefix.</summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    public static bool TryParse(string? value, out S3Location location)
    {
        location = new S3Location("", "");
        if (value is null || !value.StartsWith("s3://", StringComparison.Ordinal)) return false;
        var rest = value["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')) return false;
        if (prefix.Contains("//", StringComparison.Ordinal) || prefix.Contains("..", StringComparison.Ordinal) || prefix.Contains('\\')) return false;
        if (prefix.Length > 0 && !prefix.EndsWith('/')) prefix += "/";
        location = new S3Location(bucket, prefix);
        return true;
    }

    public string KeyOf(string name) => Prefix + name;

    /// <summary>Whether this location is <paramref name="root"/> or a folder below it.</summary>
    public bool IsWithin(S3Location root) =>
        string.Equals(Bucket, root.Bucket, StringComparison.Ordinal) && Prefix.StartsWith(root.Prefix, StringComparison.Ordinal);

    public override string ToString() => $"s3://{Bucket}/{Prefix}";
}
