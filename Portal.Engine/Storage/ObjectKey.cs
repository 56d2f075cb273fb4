namespace Portal.Engine.Storage;

/// <summary>A key or bucket name the store refuses (path traversal, absolute path, control characters, ...).</summary>
public sealed class InvalidObjectKeyException(string message) : ArgumentException(message);

/// <summary>
/// The rules for object keys, the same on every store so a key that works on the file system works on S3:
/// '/'-separated segments of printable characters, none empty, '.' or '..'; no backslash, no leading '/'.
/// </summary>
public static class ObjectKey
{
    public const int MaxLength = 900;

    /// <summary>Throws <see cref="InvalidObjectKeyException"/> unless <paramref name="key"/> is a valid object key.</summary>
    public static string Validate(string? key)
    {
        var problem = Problem(key, isPrefix: false);
        return problem is null ? key! : throw new InvalidObjectKeyException($"Object key '{Printable(key)}' is refused: {problem}.");
    }

    /// <summary>A listing prefix: empty, or a key that may end with '/'.</summary>
    public static string ValidatePrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix)) return "";
        var problem = Problem(prefix.EndsWith('/') ? prefix[..^1] : prefix, isPrefix: true);
        return problem is null ? prefix : throw new InvalidObjectKeyException($"Key prefix '{Printable(prefix)}' is refused: {problem}.");
    }

    public static bool IsValid(string? key) => Problem(key, isPrefix: false) is null;

    private static string? Problem(string? key, bool isPrefix)
    {
        if (string.IsNullOrEmpty(key)) return "it is empty";
        if (key.Length > MaxLength) return $"it is longer than {MaxLength} characters";
        if (key[0] == '/') return "it starts with '/' (absolute path)";
        if (key.Length > 1 && key[1] == ':') return "it looks like a drive path";
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '\\') return "it contains a backslash";
            if (c == '\0') return "it contains a NUL character";
            if (char.IsControl(c)) return "it contains a control character";
            if (char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return "it contains an unpaired surrogate";
        }
        if (!isPrefix && key.EndsWith('/')) return "it ends with '/'";
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0) return "it has an empty segment ('//')";
            if (segment is "." or "..") return "it has a '.' or '..' segment (path traversal)";
        }
        return null;
    }

    private static string Printable(string? key) =>
        key is null ? "" : new string(key.Take(120).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
