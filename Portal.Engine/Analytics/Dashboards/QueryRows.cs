using System.Globalization;
using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Dashboards;

/// <summary>
/// Reads a query result's rows by column name into CLR types. Tolerant of how each engine types an aggregate
/// (a sum may come back as decimal, long or double; a date as DateOnly, DateTime or text).
/// </summary>
internal sealed class QueryRows(QueryResult result)
{
    private readonly Dictionary<string, int> _columns = result.Columns
        .Select((column, index) => (column.Name, index))
        .ToDictionary(c => c.Name, c => c.index, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<Row> All => result.Rows.Select(values => new Row(this, values));

    private int Index(string column) => _columns.TryGetValue(column, out var index) ? index
        : throw new InvalidOperationException($"The dashboard query returned no column '{column}' (columns: {string.Join(", ", _columns.Keys)}).");

    public readonly struct Row(QueryRows rows, object?[] values)
    {
        private object? this[string column] => values[rows.Index(column)];

        public string? Text(string column) => this[column] switch
        {
            null => null,
            string s => s,
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };

        public decimal Decimal(string column) => this[column] switch
        {
            null => 0m,
            string s => decimal.Parse(s, CultureInfo.InvariantCulture),
            var other => Convert.ToDecimal(other, CultureInfo.InvariantCulture),
        };

        public long Long(string column) => this[column] switch
        {
            null => 0L,
            string s => long.Parse(s, CultureInfo.InvariantCulture),
            var other => Convert.ToInt64(other, CultureInfo.InvariantCulture),
        };

        public double? Double(string column) => this[column] switch
        {
            null => null,
            string s => double.Parse(s, CultureInfo.InvariantCulture),
            var other => Convert.ToDouble(other, CultureInfo.InvariantCulture),
        };

        public DateOnly? Date(string column) => this[column] switch
        {
            null => null,
            DateOnly d => d,
            DateTime t => DateOnly.FromDateTime(t),
            DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
            var other => DateOnly.Parse(Convert.ToString(other, CultureInfo.InvariantCulture)![..10], CultureInfo.InvariantCulture),
        };
    }
}
