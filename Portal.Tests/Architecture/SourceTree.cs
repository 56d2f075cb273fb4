using System.Text.RegularExpressions;

namespace Portal.Tests.Architecture;

/// <summary>The repository's hand-written source, read from disk, grouped into the folders the README's Architecture section names.</summary>
public static partial class SourceTree
{
    public static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("The repository root (with Portal.sln) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Hand-written .cs and .razor files under the given top folders (no build output, no generated migrations).</summary>
    public static IEnumerable<string> Files(params string[] topFolders) =>
        topFolders.SelectMany(top => Directory.EnumerateFiles(Path.Combine(Root, top), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("/Migrations/") && !f.Contains("/node_modules/"));

    /// <summary>
    /// The folder a file belongs to, as a dependency unit: <c>Engine.Catalog</c> for Portal.Engine/Catalog/..,
    /// <c>Features.Storefront</c> for Portal/Features/Storefront/.., <c>Components</c>, <c>Composition</c>; null for root files.
    /// </summary>
    public static string? UnitOf(string file)
    {
        var parts = file.Split('/');
        return parts switch
        {
            ["Portal.Engine", var folder, _, ..] => "Engine." + folder,
            ["Portal", "Features", var feature, _, ..] => "Features." + feature,
            ["Portal", var folder, _, ..] => folder,
            _ => null,
        };
    }

    /// <summary>The namespace a unit's code lives in.</summary>
    public static string NamespaceOf(string unit) =>
        unit.StartsWith("Engine.", StringComparison.Ordinal) ? "Portal.Engine." + unit["Engine.".Length..] : "Portal." + unit;

    /// <summary>The Portal namespaces a file imports (<c>using</c>, <c>@using</c>).</summary>
    public static IEnumerable<string> Imports(string file) =>
        ImportPattern().Matches(File.ReadAllText(Path.Combine(Root, file))).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^\s*@?using\s+(Portal(?:\.\w+)*)\s*;?\s*$", RegexOptions.Multiline)]
    private static partial Regex ImportPattern();
}
