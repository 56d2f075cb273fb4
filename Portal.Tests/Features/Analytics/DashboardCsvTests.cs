using Portal.Features.Analytics.Dashboards;

namespace Portal.Tests.Features.Analytics;

/// <summary>A chart's CSV: quoting, invariant numbers, and text that a spreadsheet would run as a formula kept as text.</summary>
public sealed class DashboardCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Camera, small", "\"Camera, small\"")]
    [InlineData("Camera", "Camera")]
    public void Text_cells_are_quoted_and_kept_from_running_as_formulas(string name, string cell)
    {
        var csv = new DashboardCsv("item", "revenue").Row(name, -12.5m).ToString();

        Assert.Equal($"item,revenue{Environment.NewLine}{cell},-12.50{Environment.NewLine}", csv);
    }
}
