using System.Text.RegularExpressions;

namespace Portal.Tests.Components;

/// <summary>
/// Pages and their helpers write money, counts, dates and times only through <c>Portal.Components.Formats</c>:
/// a scan of every Razor file and code-behind, and of every C# file under Features and Components (a plain helper
/// such as CatalogFields too), for formats written by hand. Sizes ("0.#"), weights ("#,0.0") and padding ("D2") are allowed.
/// </summary>
public sealed partial class FormatsUsageTests
{
    private static readonly string PortalFolder = Path.Combine(RepoRoot(), "Portal");

    [Fact]
    public void No_page_or_helper_formats_money_counts_dates_or_times_by_hand()
    {
        var files = ScannedFiles().ToList();
        Assert.True(files.Count > 20, $"expected the Portal's Razor and C# files under {PortalFolder}, found {files.Count}");

        var findings = files.SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, number: i + 1)))
            .SelectMany(l => HandFormatting(l.line).Select(f => $"{Path.GetRelativePath(PortalFolder, l.file)}:{l.number}: {f}"))
            .ToList();

        Assert.True(findings.Count == 0, "Use Formats.Money/Count/Date/Timestamp instead:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void The_scan_reads_plain_csharp_helpers_but_not_formats_itself()
    {
        var files = ScannedFiles().Select(f => Path.GetRelativePath(PortalFolder, f).Replace('\\', '/')).ToList();

        Assert.Contains("Features/Catalog/CatalogFields.cs", files);
        Assert.Contains("Features/Catalog/CatalogChangeText.cs", files);
        Assert.Contains("Components/Weight.cs", files);
        Assert.Contains("Features/Catalog/ImportDialog.razor.cs", files);
        Assert.Contains("Features/Analytics/AnalyticsHome.razor", files);
        Assert.DoesNotContain("Components/Formats.cs", files);
        Assert.DoesNotContain(files, f => f.StartsWith("obj/") || f.StartsWith("bin/"));
    }

    /// <summary>Every Razor file and code-behind, and every C# file under Features and Components except Formats.cs.</summary>
    private static IEnumerable<string> ScannedFiles()
    {
        var formats = Path.Combine(PortalFolder, "Components", "Formats.cs");
        return Directory.EnumerateFiles(PortalFolder, "*.razor", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(PortalFolder, "*.razor.cs", SearchOption.AllDirectories))
            .Concat(new[] { "Features", "Components" }.SelectMany(folder =>
                Directory.EnumerateFiles(Path.Combine(PortalFolder, folder), "*.cs", SearchOption.AllDirectories)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        f != formats)
            .Distinct();
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
    [InlineData("Value=\"@_overview.Items.ToString(\"N0\")\"")]
    [InlineData("@($\"{Math.Min(progress.Done, progress.Total):N0} of {progress.Total:N0}\")")]
    // In plain C# helpers.
    [InlineData("public static string Price(decimal price) => price.ToString(\"0.00\", Invariant);")]
    [InlineData("private static string Rows(int count) => $\"{count:N0} rows\";")]
    [InlineData("return total.ToString(\"C\", CultureInfo.CurrentCulture);")]
    [InlineData("var text = string.Format(CultureInfo.InvariantCulture, \"{0:N2} EUR\", amount);")]
    [InlineData("_ => at.ToString(\"dd MMM yyyy\", CultureInfo.InvariantCulture),")]
    [InlineData("public static string Items(long n) => n.ToString(\"#,0\", CultureInfo.InvariantCulture);")]
    [InlineData("Label = $\"{rate:P1}\",")]
    public void The_scan_finds_formats_written_by_hand(string line) => Assert.NotEmpty(HandFormatting(line));

    [Theory]
    [InlineData("@Formats.Timestamp(entry.At)")]
    [InlineData("Value=\"@Formats.Count(_overview.Items)\"")]
    [InlineData("$\"{bytes / 1024.0:0.#} KB\"")]
    [InlineData("_labels = months.Select(m => $\"{m.Year}-{m.Month:D2}\")")]
    [InlineData("<MudDatePicker DateFormat=\"@Formats.DatePattern\" />")]
    [InlineData("<div style=\"display: flex\">{ color: red }</div>")]
    [InlineData("_text = Line.Quantity.ToString();")]
    // In plain C# helpers: code that merely looks like a format, sizes and weights, and the Formats calls.
    [InlineData("(grams / 1000m).ToString(\"#,0.0\", CultureInfo.InvariantCulture) + \" kg\";")]
    [InlineData("public static string PriceInput(decimal price) => Formats.AmountInput(price);")]
    [InlineData("new() { Sku = sku, Name = $\"Item {sku}\", Category = \"Prints\" };")]
    [InlineData("{ d => d.Currency, row.Currency },")]
    [InlineData("public int Stock { get; init; }")]
    [InlineData("_ when value is { Length: > 40 } => value[..40] + \"…\",")]
    public void The_scan_lets_sizes_weights_and_code_be(string line) => Assert.Empty(HandFormatting(line));

    private static IEnumerable<string> HandFormatting(string line)
    {
        foreach (Match m in ToStringFormat().Matches(line))
            if (IsDateOrMoney(m.Groups["f"].Value)) yield return m.Value;
        foreach (Match m in InterpolationFormat().Matches(line))
            if (IsDateOrMoney(m.Groups["f"].Value)) yield return m.Value;
        foreach (Match m in ForbiddenCall().Matches(line)) yield return m.Value;
    }

    // Custom date/time parts (yy, MM, dd, HH, hh, mm, ss), a standard date/time letter alone,
    // or a money, count or percent pattern (two decimals, C, N, N0, N2, F2, P1, "#,0").
    private static bool IsDateOrMoney(string format) =>
        DateParts().IsMatch(format) || StandardDate().IsMatch(format) || NumberPattern().IsMatch(format);

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

    [GeneratedRegex(@"0\.00|^[NnCcFfPp]\d*$|^[CcNnFf]2|^#,(##)?0$")]
    private static partial Regex NumberPattern();
}
