using System.Text.RegularExpressions;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// Dependencies between the image folders point one way: Images (a user's library) uses Imaging (the engine that renders),
/// never back. Read from the sources' <c>using</c> directives and fully qualified names.
/// </summary>
public sealed partial class ImagingDependencyTests
{
    private static readonly string EngineRoot = Path.Combine(RepositoryRoot(), "Portal.Engine");

    [Fact]
    public void Imaging_does_not_use_Images()
    {
        var offenders = Sources("Imaging").Where(f => UsesNamespace(File.ReadAllText(f), "Portal.Engine.Images")).ToList();
        Assert.True(offenders.Count == 0, "Imaging uses Images in: " + string.Join(", ", offenders.Select(Path.GetFileName)));
    }

    [Fact]
    public void No_namespace_of_the_image_folders_uses_one_that_uses_it_back()
    {
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (var file in Sources("Images").Concat(Sources("Imaging")))
        {
            var text = File.ReadAllText(file);
            var own = NamespaceRegex().Match(text).Groups[1].Value;
            var set = uses.TryGetValue(own, out var found) ? found : uses[own] = [];
            foreach (Match use in UsingRegex().Matches(text))
                if (use.Groups[1].Value != own) set.Add(use.Groups[1].Value);
        }
        var loops = uses.SelectMany(a => a.Value.Where(b => uses.TryGetValue(b, out var back) && back.Contains(a.Key)).Select(b => $"{a.Key} <-> {b}")).ToList();
        Assert.True(uses.Count > 5, "the image folders' sources were found");
        Assert.Empty(loops);
    }

    [Fact]
    public void The_check_sees_a_use_written_either_way()
    {
        Assert.True(UsesNamespace("using Portal.Engine.Images;\nnamespace Portal.Engine.Imaging;", "Portal.Engine.Images"));
        Assert.True(UsesNamespace("namespace Portal.Engine.Imaging;\nvar x = Portal.Engine.Images.ImageLibrary.Extension(f);", "Portal.Engine.Images"));
        Assert.False(UsesNamespace("using Portal.Engine.Imaging.Edits;\nnamespace Portal.Engine.Imaging;", "Portal.Engine.Images"));
    }

    private static bool UsesNamespace(string source, string ns) =>
        Regex.IsMatch(source, $@"(^using\s+{Regex.Escape(ns)}\s*;)|(\b{Regex.Escape(ns)}\.[A-Z])", RegexOptions.Multiline);

    private static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(Path.Combine(EngineRoot, folder), "*.cs", SearchOption.AllDirectories);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Portal.sln was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex(@"^using\s+(Portal\.Engine[\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingRegex();
}
