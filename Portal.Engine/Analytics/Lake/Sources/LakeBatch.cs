using System.Globalization;

namespace Portal.Engine.Analytics.Lake.Sources;

/// <summary>
/// Rows decoded together into one typed array per column, so a value is never boxed on its way from the database to a
/// Parquet column: the big tables' export fills and copies millions of values, and boxing each one (then keeping the
/// boxes alive until their row group is written) cost more CPU than Parquet encoding. Rows <c>0..Count-1</c> are set.
/// </summary>
public sealed class LakeBatch
{
    /// <summary>Rows per batch: enough that handing a batch over costs little per row, few enough to stay small.</summary>
    public const int DefaultRows = 4096;

    public LakeBatch(IReadOnlyList<LakeValueKind> kinds, int capacity)
    {
        Capacity = capacity;
        Columns = kinds.Select(kind => LakeBatchColumn.For(kind, capacity)).ToArray();
    }

    public int Capacity { get; }
    public int Count { get; set; }

    /// <summary>One per column of the query, in its order, each of the type of the query's kind.</summary>
    public LakeBatchColumn[] Columns { get; }

    /// <summary>Sets row <see cref="Count"/> from boxed values (null for SQL NULL) and counts it.</summary>
    public void Add(object?[] row)
    {
        for (var i = 0; i < Columns.Length; i++) Columns[i].SetValue(Count, row[i]);
        Count++;
    }

    /// <summary>Fills <paramref name="row"/> with the boxed values of row <paramref name="index"/>.</summary>
    public void CopyRow(int index, object?[] row)
    {
        for (var i = 0; i < Columns.Length; i++) row[i] = Columns[i].Value(index);
    }
}

/// <summary>
/// One column of a <see cref="LakeBatch"/>. The typed getters of a column of the same type read its array; asked for
/// another type they convert the boxed value as the row-by-row path does (so both paths give the same values).
/// </summary>
public abstract class LakeBatchColumn(int capacity)
{
    public readonly bool[] Nulls = new bool[capacity];

    /// <summary>The value boxed, null for SQL NULL.</summary>
    public abstract object? Value(int row);

    /// <summary>Sets a row from a boxed value (null or <see cref="DBNull"/> for SQL NULL).</summary>
    public void SetValue(int row, object? value)
    {
        Nulls[row] = value is null or DBNull;
        if (!Nulls[row]) Set(row, value!);
    }

    protected abstract void Set(int row, object value);

    public virtual int Int32(int row) => Convert.ToInt32(Value(row), CultureInfo.InvariantCulture);
    public virtual long Int64(int row) => Convert.ToInt64(Value(row), CultureInfo.InvariantCulture);
    public virtual decimal Decimal(int row) => Convert.ToDecimal(Value(row), CultureInfo.InvariantCulture);
    public virtual bool Boolean(int row) => Convert.ToBoolean(Value(row), CultureInfo.InvariantCulture);
    public virtual DateTime Timestamp(int row) => (DateTime)Value(row)!;
    public virtual string Text(int row) => Value(row) as string ?? Convert.ToString(Value(row), CultureInfo.InvariantCulture)!;

    public static LakeBatchColumn For(LakeValueKind kind, int capacity) => kind switch
    {
        LakeValueKind.Int32 => new Int32s(capacity),
        LakeValueKind.Int64 => new Int64s(capacity),
        LakeValueKind.Text or LakeValueKind.Guid => new Texts(capacity),
        LakeValueKind.Timestamp => new Timestamps(capacity),
        LakeValueKind.Decimal => new Decimals(capacity),
        LakeValueKind.Boolean => new Booleans(capacity),
        LakeValueKind.Bytes => new Objects(capacity),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public sealed class Int32s(int capacity) : LakeBatchColumn(capacity)
    {
        public readonly int[] Values = new int[capacity];
        public override object? Value(int row) => Nulls[row] ? null : Values[row];
        protected override void Set(int row, object value) => Values[row] = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        public override int Int32(int row) => Values[row];
        public override long Int64(int row) => Values[row];
    }

    public sealed class Int64s(int capacity) : LakeBatchColumn(capacity)
    {
        public readonly long[] Values = new long[capacity];
        public override object? Value(int row) => Nulls[row] ? null : Values[row];
        protected override void Set(int row, object value) => Values[row] = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        public override long Int64(int row) => Values[row];
    }

    public sealed class Decimals(int capacity) : LakeBatchColumn(capacity)
    {
        public readonly decimal[] Values = new decimal[capacity];
        public override object? Value(int row) => Nulls[row] ? null : Values[row];
        protected override void Set(int row, object value) => Values[row] = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        public override decimal Decimal(int row) => Values[row];
    }

    public sealed class Booleans(int capacity) : LakeBatchColumn(capacity)
    {
        public readonly bool[] Values = new bool[capacity];
        public override object? Value(int row) => Nulls[row] ? null : Values[row];
        protected override void Set(int row, object value) => Values[row] = Convert.ToBoolean(value, CultureInfo.InvariantCulture);
        public override bool Boolean(int row) => Values[row];
    }

    public sealed class Timestamps(int capacity) : LakeBatchColumn(capacity)
    {
        public readonly DateTime[] Values = new DateTime[capacity];
        public override object? Value(int row) => Nulls[row] ? null : Values[row];
        protected override void Set(int row, object value) => Values[row] = (DateTime)value;
        public override DateTime Timestamp(int row) => Values[row];
    }

    public sealed class Texts(int capacity) : LakeBatchColumn(capacity)
    {
        public readonly string[] Values = new string[capacity];
        public override object? Value(int row) => Nulls[row] ? null : Values[row];
        protected override void Set(int row, object value) => Values[row] = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!;
        public override string Text(int row) => Values[row];
    }

    /// <summary>Values kept as they came (byte arrays), for the row-by-row tables.</summary>
    public sealed class Objects(int capacity) : LakeBatchColumn(capacity)
    {
        public readonly object[] Values = new object[capacity];
        public override object? Value(int row) => Nulls[row] ? null : Values[row];
        protected override void Set(int row, object value) => Values[row] = value;
    }
}
