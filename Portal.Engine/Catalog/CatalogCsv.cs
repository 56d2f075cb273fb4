using Portal.Engine.Text;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Portal.Engine.Catalog;

/// <summary>The catalog as CSV: the columns Sales edit, one item per row, keyed by SKU.</summary>
public static class CatalogCsv
{
    public const int MaxRows = 10_000;
    public static readonly string[] Columns = ["sku", "name", "description", "category", "price", "currency", "weight_grams", "stock", "active"];

    private static CsvConfiguration Configuration => new(CultureInfo.InvariantCulture)
    {
        TrimOptions = TrimOptions.Trim,
        PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
        DetectDelimiter = true,
        BadDataFound = null,
    };

    public static void Write(IEnumerable<CatalogItem> items, TextWriter writer)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in Columns) csv.WriteField(column);
        csv.NextRecord();
        foreach (var item in items)
        {
            csv.WriteField(SpreadsheetText.Protect(item.Sku));
            csv.WriteField(SpreadsheetText.Protect(item.Name));
            csv.WriteField(SpreadsheetText.Protect(item.Description));
            csv.WriteField(SpreadsheetText.Protect(item.Category));
            csv.WriteField(item.Price.ToString("0.00", CultureInfo.InvariantCulture));
            csv.WriteField(SpreadsheetText.Protect(item.Currency));
            csv.WriteField(item.WeightGrams);
            csv.WriteField(item.Stock);
            csv.WriteField(item.IsActive ? "true" : "false");
            csv.NextRecord();
        }
    }

    public static readonly string[] OptionalColumns = ["description", "currency", "active"];

    /// <summary>
    /// A row as read. <see cref="Kept"/> are the optional columns it gives no value for (absent from the file, or a
    /// blank currency/active cell): an update keeps the item's values there, a create takes <see cref="Fields"/>' defaults.
    /// </summary>
    public sealed record ParsedRow(int Line, CatalogItemFields? Fields, List<string> Errors, IReadOnlyCollection<string> Kept)
    {
        public CatalogItemFields KeepingOmitted(CatalogItemFields current) => Fields! with
        {
            Description = Kept.Contains("description") ? current.Description : Fields!.Description,
            Currency = Kept.Contains("currency") ? current.Currency : Fields!.Currency,
            IsActive = Kept.Contains("active") ? current.IsActive : Fields!.IsActive,
        };
    }

    /// <summary>Reads rows and checks each on its own; SKU clashes with the database are the service's job.</summary>
    public static (List<ParsedRow> Rows, List<string> FileErrors, IReadOnlyList<string> AbsentColumns) Parse(TextReader reader)
    {
        var rows = new List<ParsedRow>();
        var fileErrors = new List<string>();
        using var csv = new CsvReader(reader, Configuration);
        if (!csv.Read() || !csv.ReadHeader())
            return (rows, ["The file is empty: expected a header line with " + string.Join(",", Columns) + "."], []);
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var required = Columns.Except(OptionalColumns).ToArray();
        var missing = required.Except(header).ToArray();
        if (missing.Length > 0)
            return (rows, [$"Line 1: the header lacks the column(s) {string.Join(", ", missing)}."], []);
        var absent = OptionalColumns.Except(header).ToArray();

        var seen = new Dictionary<string, int>();
        while (csv.Read())
        {
            var line = StartLine(csv.Parser);
            if (rows.Count >= MaxRows)
            {
                fileErrors.Add($"The file has more than {MaxRows:N0} rows; split it.");
                break;
            }
            var errors = new List<string>();
            string Text(string column) => header.Contains(column) ? SpreadsheetText.Unprotect(csv.GetField(column) ?? "") : "";
            var price = ParsePrice(Text("price"), errors);
            var weight = ParseInt(Text("weight_grams"), "weight_grams", errors);
            var stock = ParseInt(Text("stock"), "stock", errors);
            var active = ParseBool(Text("active"), errors);
            var currency = Text("currency");
            var fields = new CatalogItemFields
            {
                Sku = Text("sku"), Name = Text("name"), Description = Text("description"), Category = Text("category"),
                Price = price ?? 0, Currency = currency.Length == 0 ? "EUR" : currency,
                WeightGrams = weight ?? 0, Stock = stock ?? 0, IsActive = active ?? true,
            }.Normalized();
            foreach (var (field, messages) in CatalogItemRules.Validate(fields))
                if (!(field == nameof(CatalogItemFields.Price) && price is null)
                    && !(field == nameof(CatalogItemFields.WeightGrams) && weight is null)
                    && !(field == nameof(CatalogItemFields.Stock) && stock is null))
                    errors.AddRange(messages);
            if (fields.Sku.Length > 0 && seen.TryGetValue(fields.Sku, out var firstLine))
                errors.Add($"SKU {fields.Sku} is also on line {firstLine}.");
            else if (fields.Sku.Length > 0)
                seen[fields.Sku] = line;
            var kept = absent.Concat(currency.Trim().Length == 0 ? ["currency"] : []).Concat(active is null ? ["active"] : []).Distinct().ToArray();
            rows.Add(new ParsedRow(line, fields, errors, kept));
        }
        if (rows.Count == 0 && fileErrors.Count == 0) fileErrors.Add("The file has a header but no items.");
        return (rows, fileErrors, absent);
    }

    /// <summary>The line the record just read starts on: <c>RawRow</c> is its last line when a quoted cell spans lines.</summary>
    private static int StartLine(IParser parser)
    {
        var record = parser.RawRecord.TrimEnd('\r', '\n');
        return parser.RawRow - record.Count(c => c == '\n');
    }

    /// <summary>Prices are read by <see cref="DecimalText"/>: a dot for decimals and no thousands separators.</summary>
    private static decimal? ParsePrice(string text, List<string> errors)
    {
        var price = DecimalText.Read(text);
        switch (price.Problem)
        {
            case DecimalTextProblem.None: return price.Value;
            case DecimalTextProblem.Empty: errors.Add("price is required."); break;
            case DecimalTextProblem.Comma: errors.Add($"price '{price.Text}' has a comma: use a dot for decimals and no thousands separators, such as 12.50."); break;
            default: errors.Add($"price '{price.Text}' is not a number (use a dot for decimals)."); break;
        }
        return null;
    }

    private static int? ParseInt(string text, string column, List<string> errors)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(text.Length == 0 ? $"{column} is required." : $"{column} '{text}' is not a whole number.");
        return null;
    }

    private static bool? ParseBool(string text, List<string> errors)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "": return null;
            case "true" or "yes" or "1": return true;
            case "false" or "no" or "0": return false;
            default:
                errors.Add($"active '{text}' is not true or false.");
                return null;
        }
    }
}
