using Portal.Engine.Text;
using System.Globalization;
using System.Text;

namespace Portal.Features.Analytics.Dashboards;

/// <summary>A chart's figures as a CSV file (text cells that start like a formula get an apostrophe), offered as a <c>data:</c> link (the figures are small and already on the page).</summary>
public sealed class DashboardCsv(params string[] header)
{
    private readonly StringBuilder _text = new StringBuilder().AppendLine(string.Join(",", header.Select(Field)));

    public DashboardCsv Row(params object?[] values)
    {
        _text.AppendLine(string.Join(",", values.Select(v => Field(v switch
        {
            null => "",
            DateOnly d => DashboardLabels.Date(d),
            decimal amount => Portal.Components.Formats.AmountInput(amount), // every decimal here is money
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            // Text (item names, categories) is kept from running as a formula when a spreadsheet opens the file.
            _ => Portal.Engine.Text.SpreadsheetText.Protect(v.ToString()),
        }))));
        return this;
    }

    public string DataUri => "data:text/csv;charset=utf-8," + Uri.EscapeDataString(_text.ToString());

    public override string ToString() => _text.ToString();

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
