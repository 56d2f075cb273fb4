using Parquet;
using Parquet.Schema;
using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>One column's values for the row group being built, typed by the column's Athena type.</summary>
internal abstract class ColumnBuffer
{
    public abstract DataField Field { get; }
    /// <summary>The column in the file's schema: <see cref="Field"/> itself, or the list holding it.</summary>
    public virtual Field SchemaField => Field;
    public virtual bool IsString => false;
    public abstract void Set(int row, object? value);

    /// <summary>Sets rows <paramref name="row"/>.. from <paramref name="count"/> values of a batch column, from its row <paramref name="from"/>.</summary>
    public virtual void Copy(LakeBatchColumn source, int from, int count, int row)
    {
        for (var i = 0; i < count; i++) Set(row + i, source.Value(from + i));
    }
    public abstract Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken);

    /// <summary>Lets go of the values' objects (texts, lists) before the buffer waits in a pool.</summary>
    public virtual void Release() { }

    /// <summary>An empty buffer of the same column and size, with the same <see cref="Field"/> (the schema's).</summary>
    public abstract ColumnBuffer Twin();

    public static ColumnBuffer For(LakeColumn column, int capacity) => column.Type switch
    {
        "bigint" => new Values<long>(new DataField<long?>(column.Name, true), capacity, v => Convert.ToInt64(v), (c, i) => c.Int64(i)),
        "int" => new Values<int>(new DataField<int?>(column.Name, true), capacity, v => Convert.ToInt32(v), (c, i) => c.Int32(i)),
        "boolean" => new Values<bool>(new DataField<bool?>(column.Name, true), capacity, v => Convert.ToBoolean(v), (c, i) => c.Boolean(i)),
        "date" => new Values<DateOnly>(new DataField<DateOnly?>(column.Name, true), capacity, ToDate, (c, i) => ToDate(c.Value(i)!)),
        // Milliseconds: Parquet.Net 6.1 writes the min/max statistics of Micros columns in milliseconds, so readers that
        // trust statistics (DuckDB) skip row groups on time filters and refuse min/max; Millis statistics are right.
        "timestamp" => new Values<DateTime>(
            new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Millis, isNullable: true),
            capacity, v => DateTime.SpecifyKind((DateTime)v, DateTimeKind.Utc), (c, i) => DateTime.SpecifyKind(c.Timestamp(i), DateTimeKind.Utc)),
        "decimal(12,2)" => new Values<decimal>(new DecimalDataField(column.Name, 12, 2, forceByteArrayEncoding: false, isNullable: true),
            capacity, v => Cents(Convert.ToDecimal(v)), (c, i) => Cents(c.Decimal(i))),
        "string" => new Strings(new DataField<string>(column.Name, true), capacity),
        "array<float>" => new FloatLists(new ListField(column.Name, new DataField<float>(ListField.ElementName, false)), capacity),
        _ => throw new NotSupportedException($"Lake column {column.Name} has type {column.Type}, which the export cannot write."),
    };

    private static DateOnly ToDate(object value) => value is DateOnly d ? d : DateOnly.FromDateTime((DateTime)value);

    private static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <param name="convert">A boxed value to the column's type.</param>
    /// <param name="read">A batch column's value to the column's type, converted as <paramref name="convert"/> would.</param>
    private sealed class Values<T>(DataField dataField, int capacity, Func<object, T> convert, Func<LakeBatchColumn, int, T> read) : ColumnBuffer
        where T : struct
    {
        private readonly T?[] _values = new T?[capacity];
        public override DataField Field => dataField;
        public override ColumnBuffer Twin() => new Values<T>(dataField, capacity, convert, read);
        public override void Set(int row, object? value) => _values[row] = value is null or DBNull ? null : convert(value);

        public override void Copy(LakeBatchColumn source, int from, int count, int row)
        {
            var nulls = source.Nulls;
            for (var i = 0; i < count; i++) _values[row + i] = nulls[from + i] ? null : read(source, from + i);
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            await group.WriteAsync<T>(dataField, new ReadOnlyMemory<T?>(_values, 0, count), cancellationToken: cancellationToken);
    }

    private sealed class Strings(DataField dataField, int capacity) : ColumnBuffer
    {
        private readonly string?[] _values = new string?[capacity];
        public override DataField Field => dataField;
        public override bool IsString => true;
        public override ColumnBuffer Twin() => new Strings(dataField, capacity);
        public override void Release() => Array.Clear(_values);
        public override void Set(int row, object? value) => _values[row] = value is null or DBNull ? null : value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);

        public override void Copy(LakeBatchColumn source, int from, int count, int row)
        {
            var nulls = source.Nulls;
            for (var i = 0; i < count; i++) _values[row + i] = nulls[from + i] ? null : source.Text(from + i);
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            await group.WriteAsync(dataField, new ArraySegment<string>(_values!, 0, count));
    }

    /// <summary>A non-empty list of floats per row (an embedding's vector): the values end to end, a new row where the repetition level is 0.</summary>
    private sealed class FloatLists(ListField list, int capacity) : ColumnBuffer
    {
        private readonly float[]?[] _values = new float[]?[capacity];
        public override DataField Field => (DataField)list.Item;
        public override Field SchemaField => list;
        public override ColumnBuffer Twin() => new FloatLists(list, capacity);
        public override void Release() => Array.Clear(_values);
        public override void Set(int row, object? value) => _values[row] = value switch
        {
            float[] { Length: > 0 } floats => floats,
            IEnumerable<float> floats when floats.ToArray() is { Length: > 0 } copy => copy,
            _ => throw new InvalidOperationException($"Lake column {list.Name} takes a non-empty list of floats, not {value ?? "null"}."),
        };

        public override async Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
        {
            var total = 0;
            for (var i = 0; i < count; i++) total += _values[i]!.Length;
            var values = new float[total];
            var levels = new int[total];
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var row = _values[i]!;
                row.CopyTo(values, at);
                Array.Fill(levels, 1, at + 1, row.Length - 1);
                at += row.Length;
            }
            // Every value is present, so each is defined at the deepest level (list and element there).
            var defined = new int[total];
            Array.Fill(defined, Field.MaxDefinitionLevel);
            await group.WriteAllPartsAsync<float>(Field, new ReadOnlyMemory<float>(values), new ReadOnlyMemory<int>(defined), new ReadOnlyMemory<int>(levels), cancellationToken);
        }
    }
}
