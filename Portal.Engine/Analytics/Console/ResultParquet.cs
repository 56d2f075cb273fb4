using System.Globalization;
using Parquet;
using Parquet.Schema;
using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Console;

/// <summary>
/// A result as a Parquet file whose columns keep the result's types: bigint, integer, double, decimal(p,s) (with its
/// precision and scale), timestamp (UTC, microseconds), date and boolean as themselves, everything else as text.
/// Every column is nullable. The file is written in one go, so the output must be seekable (a MemoryStream or a file).
/// </summary>
public static class ResultParquet
{
    private const int RowGroupSize = 100_000;

    public static async Task WriteAsync(QueryResult result, Stream output, CancellationToken cancellationToken = default)
    {
        var columns = result.Columns.Select(Column.For).ToArray();
        var schema = new ParquetSchema(columns.Select(c => c.Field));
        await using var writer = await ParquetWriter.CreateAsync(schema, output, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy },
            cancellationToken: cancellationToken);
        for (var start = 0; start == 0 || start < result.Rows.Count; start += RowGroupSize)
        {
            var rows = result.Rows.Skip(start).Take(RowGroupSize).ToArray();
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < columns.Length; i++)
                await columns[i].WriteAsync(group, rows, i, cancellationToken);
            if (rows.Length == 0) break;
        }
    }

    private sealed record Column(DataField Field, Func<ParquetRowGroupWriter, object?[][], int, CancellationToken, Task> Write)
    {
        public Task WriteAsync(ParquetRowGroupWriter group, object?[][] rows, int index, CancellationToken cancellationToken) =>
            Write(group, rows, index, cancellationToken);

        public static Column For(QueryColumn column)
        {
            var type = column.Type.ToLowerInvariant();
            var baseType = type.Split('(')[0].Trim();
            return baseType switch
            {
                "bigint" => Of<long>(new DataField<long?>(column.Name), v => Convert.ToInt64(v, CultureInfo.InvariantCulture)),
                "integer" or "int" or "smallint" or "tinyint" => Of<int>(new DataField<int?>(column.Name), v => Convert.ToInt32(v, CultureInfo.InvariantCulture)),
                "double" or "real" or "float" => Of<double>(new DataField<double?>(column.Name), v => Convert.ToDouble(v, CultureInfo.InvariantCulture)),
                "boolean" => Of<bool>(new DataField<bool?>(column.Name), v => Convert.ToBoolean(v, CultureInfo.InvariantCulture)),
                "decimal" => Decimal(column, type),
                "timestamp" => Of<DateTime>(new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
                    v => v is DateTime t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : Convert.ToDateTime(v, CultureInfo.InvariantCulture)),
                "date" => Of<DateTime>(new DateTimeDataField(column.Name, DateTimeFormat.Date, isNullable: true),
                    v => v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : Convert.ToDateTime(v, CultureInfo.InvariantCulture).Date),
                _ => Text(new DataField<string>(column.Name, true)),
            };
        }

        // decimal(p,s) as the engine names it, or its Precision and Scale; an unsized decimal gets System.Decimal's widest.
        private static Column Decimal(QueryColumn column, string type)
        {
            var (precision, scale) = (column.Precision, column.Scale);
            if (precision == 0 && type.IndexOf('(') is var open and > 0 && type.TrimEnd(')')[(open + 1)..].Split(',') is [var p, var s]
                && int.TryParse(p, out var parsedPrecision) && int.TryParse(s, out var parsedScale))
                (precision, scale) = (parsedPrecision, parsedScale);
            if (precision == 0) (precision, scale) = (28, Math.Max(scale, 9));
            return Of<decimal>(new DecimalDataField(column.Name, precision, scale, isNullable: true),
                v => Math.Round(Convert.ToDecimal(v, CultureInfo.InvariantCulture), scale));
        }

        private static Column Of<T>(DataField field, Func<object, T> convert) where T : struct =>
            new(field, (group, rows, i, cancellationToken) =>
            {
                var values = new T?[rows.Length];
                for (var r = 0; r < rows.Length; r++)
                    values[r] = rows[r][i] is null or DBNull ? null : convert(rows[r][i]!);
                return group.WriteAsync(field, new ReadOnlyMemory<T?>(values), cancellationToken: cancellationToken);
            });

        private static Column Text(DataField field) =>
            new(field, (group, rows, i, _) => group.WriteAsync(field, rows.Select(r => ResultCsv.Text(r[i])).ToArray()));
    }
}
