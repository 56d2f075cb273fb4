namespace Portal.Tests.Catalog;

/// <summary>The catalog's source stays in small files, and its components read through engine services only.</summary>
public sealed class CatalogLayoutTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "Portal.Engine")) && Directory.Exists(Path.Combine(dir.FullName, "Portal")))
                return dir.FullName;
        throw new DirectoryNotFoundException("The repository root (with Portal and Portal.Engine) was not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<string> CatalogFiles(params string[] patterns) =>
        new[] { "Portal/Features/Catalog", "Portal.Engine/Catalog" }
            .SelectMany(folder => patterns.SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, folder), p)));

    [Fact]
    public void No_catalog_source_file_is_over_300_lines()
    {
        var long_ = CatalogFiles("*.cs", "*.razor")
            .Select(f => (File: Path.GetRelativePath(Root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 300).ToList();
        Assert.True(long_.Count == 0, "Over 300 lines: " + string.Join(", ", long_));
    }

    [Fact]
    public void No_catalog_component_opens_a_database_context()
    {
        var opening = CatalogFiles("*.razor", "*.razor.cs")
            .Where(f => File.ReadAllText(f).Contains("IDbContextFactory") || File.ReadAllText(f).Contains("PortalDbContext"))
            .Select(f => Path.GetFileName(f)).ToList();
        Assert.Empty(opening);
    }

    [Fact]
    public void Catalog_razor_files_with_code_keep_it_short()
    {
        // Over ~60 lines of @code go to a code-behind .razor.cs.
        var inline = CatalogFiles("*.razor")
            .Select(f => (File: Path.GetFileName(f), Text: File.ReadAllText(f)))
            .Select(f => (f.File, CodeLines: f.Text.Contains("\n@code") ? f.Text[f.Text.IndexOf("\n@code", StringComparison.Ordinal)..].Count(c => c == '\n') : 0))
            .Where(f => f.CodeLines > 60).ToList();
        Assert.True(inline.Count == 0, "Long @code blocks: " + string.Join(", ", inline));
    }
}
