using System.Text.RegularExpressions;

namespace Portal.Tests.Components;

/// <summary>
/// Pages write money, dates and times only through <c>Portal.Components.Formats</c>: a scan of every Razor
/// file (and code-behind) for formats written by hand. Counts ("N0"), sizes ("0.#") and padding ("D2") are allowed.
/// </summary>
public sealed partial class FormatsUsageTests
{
    [Fact]
    public void No_page_formats_money_dates_or_times_by_hand()
    {
        var portal = Path.Combine(RepoRoot(), "Portal");
        var files = Directory.EnumerateFiles(portal, "*.razor", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(portal, "*.razor.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.True(files.Count > 20, $"expected the Portal's Razor files under {portal}, found {files.Count}");

        var findings = files.SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, number: i + 1)))
            .SelectMany(l => HandFormatting(l.line).Select(f => $"{Path.GetRelativePath(portal, l.file)}:{l.number}: {f}"))
            .ToList();

        Assert.True(findings.Count == 0, "Use Formats.Money/Date/Timestamp instead:\n" + string.Join("\n", findings));
    }

    [Theory]
    [InlineData("@entry.At.ToString(\"yyyy-MM-dd HH:mm:ss\") UTC")]
    [InlineData("rendition.CreatedAt.ToLocalTime().ToString(\"g\")")]
    [InlineData("$\"{_lastChange.UserName} ({_lastChange.At:yyyy-MM-dd HH:mm} UTC)\"")]
    [InlineData("Value=\"@total.ToString(\"N2\")\"")]
    [InlineData("@((a - b).ToString(\"+0.00;-0.00;0.00\", CultureInfo.InvariantCulture))")]
    [InlineData("@($\"{price:C}\")")]
    [InlineData("@order.PlacedAt.ToShortDateString()")]
    [InlineData("<MudDatePicker DateFormat=\"dd.MM.yyyy\" />")]
    [InlineData("@ShopFormat.Money(x, \"EUR\")")]
    public void The_scan_finds_formats_written_by_hand(string line) => Assert.NotEmpty(HandFormatting(line));

    [Theory]
    [InlineData("@Formats.Timestamp(entry.At)")]
    [InlineData("Value=\"@_overview.Items.ToString(\"N0\")\"")]
    [InlineData("$\"{bytes / 1024.0:0.#} KB\"")]
    [InlineData("_labels = months.Select(m => $\"{m.Year}-{m.Month:D2}\")")]
    [InlineData("<MudDatePicker DateFormat=\"@Formats.DatePattern\" />")]
    [InlineData("<div style=\"display: flex\">{ color: red }</div>")]
    [InlineData("_text = Line.Quantity.ToString();")]
    public void The_scan_lets_counts_sizes_and_markup_be(string line) => Assert.Empty(HandFormatting(line));

    private static IEnumerable<string> HandFormatting(string line)
    {
        foreach (Match m in ToStringFormat().Matches(line))
            if (IsDateOrMoney(m.Groups["f"].Value)) yield return m.Value;
        foreach (Match m in InterpolationFormat().Matches(line))
            if (IsDateOrMoney(m.Groups["f"].Value)) yield return m.Value;
        foreach (Match m in ForbiddenCall().Matches(line)) yield return m.Value;
    }

    // Custom date/time parts (yy, MM, dd, HH, hh, mm, ss), a standard date/time letter alone,
    // or a money pattern (two decimals, N2, C, F2).
    private static bool IsDateOrMoney(string format) =>
        DateParts().IsMatch(format) || StandardDate().IsMatch(format) || MoneyPattern().IsMatch(format);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("""\.ToString\("(?<f>[^"]*)"\s*[,)]""")]
    private static partial Regex ToStringFormat();

    [GeneratedRegex(@"\{[^{}\s""][^{}""]*?:(?<f>[^{}\s""][^{}""]*)\}")]
    private static partial Regex InterpolationFormat();

    [GeneratedRegex("""ToLocalTime\(|To(Short|Long)(Date|Time)String\(|ShopFormat\.|DateFormat="[^@"]""")]
    private static partial Regex ForbiddenCall();

    [GeneratedRegex("yy|MM|dd|HH|hh|mm|ss")]
    private static partial Regex DateParts();

    [GeneratedRegex("^[dDfFgGmMoOrRsStTuUyY]$")]
    private static partial Regex StandardDate();

    [GeneratedRegex(@"0\.00|^[NnCcFf][1-9]?$|^[CcNnFf]2")]
    private static partial Regex MoneyPattern();
}
