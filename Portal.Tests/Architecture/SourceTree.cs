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

    /// <summary>
    /// The Portal namespaces a file refers to: its <c>using</c>/<c>@using</c> imports, fully qualified names anywhere in
    /// its code (<c>@inject Portal.Engine.Catalog.CatalogService</c>, <c>using static</c>), and names qualified relative to
    /// an enclosing namespace (<c>Catalog.CatalogItem</c> inside Portal.Engine) where the qualifier is a folder that
    /// declares that type. Comments are left out.
    /// </summary>
    public static IEnumerable<string> Imports(string file) => ImportsIn(UnitOf(file), File.ReadAllText(Path.Combine(Root, file)));

    /// <summary>The Portal namespaces <paramref name="source"/>, a file of <paramref name="unit"/>, refers to (see <see cref="Imports"/>).</summary>
    public static IEnumerable<string> ImportsIn(string? unit, string source)
    {
        var code = string.Join('\n', source.Split('\n').Where(line => !IsComment(line)));
        foreach (Match m in ImportPattern().Matches(code)) yield return m.Groups[1].Value;
        foreach (Match m in QualifiedPattern().Matches(code)) yield return m.Groups[1].Value;
        var sameRoot = unit is not null && unit.StartsWith("Engine.", StringComparison.Ordinal) ? "Engine." : "Features.";
        foreach (Match m in RelativePattern().Matches(code))
        {
            var (qualifier, type) = (m.Groups[1].Value, m.Groups[2].Value);
            var target = qualifier == "Engine" ? null : sameRoot + qualifier;
            if (target is not null && DeclaredTypes.Value.TryGetValue(target, out var types) && types.Contains(type))
                yield return NamespaceOf(target);
        }
        foreach (Match m in EngineRelativePattern().Matches(code)) yield return "Portal.Engine." + m.Groups[1].Value;
    }

    private static bool IsComment(string line) => line.TrimStart() is var t && (t.StartsWith("//", StringComparison.Ordinal) || t.StartsWith("@*", StringComparison.Ordinal) || t.StartsWith('*'));

    /// <summary>The types each folder declares.</summary>
    private static readonly Lazy<Dictionary<string, HashSet<string>>> DeclaredTypes = new(() =>
        Files("Portal", "Portal.Engine")
            .Where(f => UnitOf(f) is not null)
            .GroupBy(f => UnitOf(f)!)
            .ToDictionary(g => g.Key, g => g.SelectMany(f => DeclarationPattern().Matches(File.ReadAllText(Path.Combine(Root, f))).Select(m => m.Groups[1].Value))
                .Concat(g.Where(f => f.EndsWith(".razor", StringComparison.Ordinal)).Select(f => Path.GetFileNameWithoutExtension(f)))
                .ToHashSet()));

    [GeneratedRegex(@"^\s*@?using\s+(?:static\s+)?(Portal(?:\.\w+)*)\s*;?\s*$", RegexOptions.Multiline)]
    private static partial Regex ImportPattern();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?(Portal\.(?:Engine\.\w+|Features\.\w+|Components|Composition))\.")]
    private static partial Regex QualifiedPattern();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)\b")]
    private static partial Regex RelativePattern();

    [GeneratedRegex(@"(?<![\w.])Engine\.([A-Z]\w*)\.")]
    private static partial Regex EngineRelativePattern();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex DeclarationPattern();
}
