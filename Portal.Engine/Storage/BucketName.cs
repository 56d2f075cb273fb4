using System.Text.RegularExpressions;

namespace Portal.Engine.Storage;

/// <summary>S3's rules for bucket names, applied on every store.</summary>
public static partial class BucketName
{
    /// <summary>Null when <paramref name="name"/> is a legal bucket name, else why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "it is empty";
        if (name.Length is < 3 or > 63) return "it must be 3 to 63 characters long";
        if (!Shape().IsMatch(name)) return "it may use only lowercase letters, digits, '.' and '-', starting and ending with a letter or digit";
        if (name.Contains("..")) return "it must not contain '..'";
        if (IpAddress().IsMatch(name)) return "it must not look like an IP address";
        if (name.StartsWith("xn--") || name.StartsWith("sthree-") || name.EndsWith("-s3alias") || name.EndsWith("--ol-s3"))
            return "it uses a prefix or suffix S3 reserves";
        return null;
    }

    public static string Validate(string? name) =>
        Problem(name) is { } problem ? throw new InvalidObjectKeyException($"Bucket name '{name}' is refused: {problem}.") : name!;

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+$")]
    private static partial Regex IpAddress();
}
