namespace Portal.Engine.Storage;

/// <summary>
/// File names people gave their files, made safe to store, show and offer as a download name (the <c>download</c>
/// attribute, a <c>Content-Disposition</c>): the one place that decides what such a name may hold.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 255;

    private const string Refused = ":*?\"<>|";

    /// <summary>
    /// The last part of <paramref name="fileName"/> (after any '/' or '\'), without control characters, with characters
    /// that common systems refuse in names (<c>: * ? " &lt; &gt; |</c>) as '_', trimmed of spaces and dots, at most
    /// <see cref="MaxLength"/> characters (the extension kept); <paramref name="fallback"/> when nothing is left.
    /// </summary>
    public static string Safe(string? fileName, string fallback = "file")
    {
        var name = fileName ?? "";
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).Select(c => Refused.Contains(c) ? '_' : c).ToArray()).Trim().Trim('.').Trim();
        if (name.Length == 0) return fallback;
        if (name.Length <= MaxLength) return name;
        var extension = Path.GetExtension(name);
        if (extension.Length > 16) extension = "";
        return name[..(MaxLength - extension.Length)] + extension;
    }

    /// <summary>
    /// A name for something made from the file <paramref name="fileName"/>: its stem, <paramref name="suffix"/> and
    /// <paramref name="extension"/> (with its dot), e.g. "beach.jpg" -> "beach-edited.webp"; made safe.
    /// </summary>
    public static string Derived(string? fileName, string suffix, string extension)
    {
        var stem = Path.GetFileNameWithoutExtension(Safe(fileName, ""));
        return Safe((stem.Length == 0 ? "image" : stem) + suffix + extension, "image" + suffix + extension);
    }
}
