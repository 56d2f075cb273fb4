using System.Runtime.CompilerServices;
using System.Text;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>
/// The README's table is the case tables, so it cannot drift from what runs: this test renders it and compares.
/// After changing a case table, run it with <c>SIH_CONFORMANCE_WRITE_README=1</c> to rewrite the table, and review the diff.
/// </summary>
public sealed class SihConformanceTableTests
{
    private const string Begin = "<!-- cases:begin (generated from the case tables by SihConformanceTableTests) -->", End = "<!-- cases:end -->";

    [Fact]
    public void The_readme_table_is_the_case_tables()
    {
        var path = Path.Combine(SourceDirectory(), "README.md");
        var readme = File.ReadAllText(path);
        var (begin, end) = (readme.IndexOf(Begin, StringComparison.Ordinal), readme.IndexOf(End, StringComparison.Ordinal));
        Assert.True(begin >= 0 && end > begin, $"{path} has no {Begin} ... {End} section");
        var expected = readme[..(begin + Begin.Length)] + "\n" + Table() + readme[end..];
        if (Environment.GetEnvironmentVariable("SIH_CONFORMANCE_WRITE_README") == "1") File.WriteAllText(path, expected);
        Assert.True(expected == readme, "The README's table differs from the case tables; run this test with SIH_CONFORMANCE_WRITE_README=1 and review the diff.");
    }

    [Fact]
    public void Every_case_sent_has_an_expectation_and_every_other_a_reason()
    {
        foreach (var c in SihConformanceCases.All)
        {
            if (c.Runs) Assert.True(c.Expected is not null && c.Parity is Parity.Same or Parity.Different, c.Id);
            else if (c.CoveredBy is not null) Assert.True(c.Expected is null && c.Parity is Parity.Same or Parity.Different, c.Id);
            else Assert.True(c.Expected is null && !string.IsNullOrWhiteSpace(c.Reason), c.Id);
            if (c.Parity == Parity.Different) Assert.False(string.IsNullOrWhiteSpace(c.Reason), $"{c.Id}: a difference names its reason");
        }
        Assert.Equal(SihConformanceCases.All.Count, SihConformanceCases.All.Select(c => c.Id).Distinct().Count());
    }

    internal static string Table()
    {
        var all = SihConformanceCases.All;
        var text = new StringBuilder();
        text.Append($"{all.Count} expectations from {all.Select(c => c.Spec).Distinct().Count()} spec files: ");
        text.AppendLine(string.Join(", ", Enum.GetValues<Parity>().Select(p => $"{all.Count(c => c.Parity == p)} {Word(p)}")) + ".");
        text.AppendLine();
        text.AppendLine("| SIH spec file | # | SIH case | Request → what the portal answers | Covered by | Portal |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var c in all)
        {
            var number = c.Id[(c.Id.LastIndexOf('#') + 1)..];
            var check = c.Request is null ? "—" : $"`{Cell(c.Request.ToString())}` → {Cell(c.Expected!.Describe())}";
            var standing = Word(c.Parity) + (c.Reason is null ? "" : ": " + Cell(c.Reason));
            var test = c.Runs ? "both runners" : c.CoveredBy is { } other ? $"`{other}`" : "—";
            text.AppendLine($"| {c.Spec} | {number} | {Cell(c.Name)} | {check} | {test} | {standing} |");
        }
        return text.ToString();
    }

    private static string Word(Parity parity) => parity switch
    {
        Parity.Same => "same",
        Parity.Different => "different",
        Parity.NotYet => "not yet",
        _ => "not observable",
    };

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");

    private static string SourceDirectory([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
