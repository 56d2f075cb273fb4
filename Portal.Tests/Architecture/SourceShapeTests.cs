namespace Portal.Tests.Architecture;

/// <summary>Small files with one job, and pages that go through engine services.</summary>
public sealed class SourceShapeTests
{
    private const int MaxLines = 300;
    private const int MaxInlineCodeLines = 60;

    [Fact]
    public void No_hand_written_file_is_over_300_lines()
    {
        var tooLong = SourceTree.Files("Portal", "Portal.Engine", "Portal.Tests", "e2e")
            .Select(f => (File: f, Lines: File.ReadLines(Path.Combine(SourceTree.Root, f)).Count()))
            .Where(f => f.Lines > MaxLines).Select(f => $"{f.File} ({f.Lines})").ToList();
        Assert.True(tooLong.Count == 0, "Over 300 lines: " + string.Join(", ", tooLong));
    }

    [Fact]
    public void Razor_files_keep_long_code_in_a_code_behind()
    {
        var inline = SourceTree.Files("Portal").Where(f => f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(f => (File: f, Text: File.ReadAllText(Path.Combine(SourceTree.Root, f))))
            .Select(f => (f.File, CodeLines: f.Text.Contains("\n@code") ? f.Text[f.Text.IndexOf("\n@code", StringComparison.Ordinal)..].Count(c => c == '\n') : 0))
            .Where(f => f.CodeLines > MaxInlineCodeLines).Select(f => $"{f.File} ({f.CodeLines})").ToList();
        Assert.True(inline.Count == 0, "@code blocks over 60 lines: " + string.Join(", ", inline));
    }

    [Fact]
    public void No_component_opens_a_database_context()
    {
        var opening = SourceTree.Files("Portal")
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".razor.cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(Path.Combine(SourceTree.Root, f)) is var text && (text.Contains("IDbContextFactory") || text.Contains("PortalDbContext")))
            .ToList();
        Assert.Empty(opening);
    }
}
