using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>DuckDB result columns as Athena names their types, and values as the CLR types the contract promises.</summary>
public static class DuckDbResults
{
    public static IReadOnlyList<QueryColumn> Columns(DuckDBDataReader reader)
    {
        System.Data.DataTable? schema = null; // built only for decimals' precision and scale
        var columns = new QueryColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var duckType = reader.GetDataTypeName(i);
            if (string.Equals(duckType, "Decimal", StringComparison.OrdinalIgnoreCase))
            {
                var row = (schema ??= reader.GetSchemaTable()).Rows[i];
                columns[i] = new QueryColumn(reader.GetName(i), "decimal", Convert.ToInt32(row["NumericPrecision"]), Convert.ToInt32(row["NumericScale"]));
            }
            else
            {
                columns[i] = AthenaType(reader.GetName(i), duckType);
            }
        }
        return columns;
    }

    private static QueryColumn AthenaType(string name, string duckType) => duckType.ToLowerInvariant() switch
    {
        "boolean" => new(name, "boolean"),
        "tinyint" => new(name, "tinyint"),
        "smallint" or "utinyint" => new(name, "smallint"),
        "integer" or "usmallint" => new(name, "integer"),
        "bigint" or "uinteger" => new(name, "bigint"),
        "ubigint" => new(name, "decimal", 20, 0),
        // DuckDB sums and counts integers as HUGEINT where Trino gives bigint; values that do not fit stay decimal.
        "hugeint" or "uhugeint" => new(name, "bigint"),
        "float" => new(name, "real"),
        "double" => new(name, "double"),
        "date" => new(name, "date"),
        "timestamp" or "timestamps" or "timestampms" or "timestampns" => new(name, "timestamp"),
        "timestamptz" => new(name, "timestamp with time zone"),
        "time" => new(name, "time"),
        "timetz" => new(name, "time with time zone"),
        "interval" => new(name, "interval day to second"),
        "uuid" => new(name, "uuid"),
        "blob" => new(name, "varbinary"),
        "list" or "array" => new(name, "array"),
        "struct" => new(name, "row"),
        "map" => new(name, "map"),
        _ => new(name, "varchar"),
    };

    /// <summary>A value as <c>string</c>, <c>long</c>, <c>int</c>, <c>double</c>, <c>decimal</c>, <c>bool</c>, <c>DateTime</c> (UTC), <c>DateOnly</c> or null.</summary>
    public static object? Value(object? value) => value switch
    {
        null or DBNull => null,
        string or long or int or double or decimal or bool or DateOnly => value,
        sbyte v => (int)v,
        byte v => (int)v,
        short v => (int)v,
        ushort v => (int)v,
        uint v => (long)v,
        ulong v => (decimal)v,
        float v => (double)v,
        BigInteger v when v >= long.MinValue && v <= long.MaxValue => (long)v,
        BigInteger v => v >= (BigInteger)decimal.MinValue && v <= (BigInteger)decimal.MaxValue ? (decimal)v : (double)v,
        DateTime v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        DateTimeOffset v => v.UtcDateTime,
        TimeOnly v => v.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        TimeSpan v => v.ToString("c", CultureInfo.InvariantCulture),
        Guid v => v.ToString(),
        Stream v => Hex(v),
        byte[] v => Convert.ToHexString(v).ToLowerInvariant(),
        IDictionary or IList => JsonSerializer.Serialize(value),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The columns as the values turned out: DuckDB sums integers as HUGEINT, which the contract names <c>bigint</c>, but
    /// a sum past the range of bigint comes back as a decimal (or a double past that) - such a column is retyped
    /// <c>decimal(38,0)</c> (or <c>double</c>), so no writer takes its values for 64-bit integers.
    /// </summary>
    public static IReadOnlyList<QueryColumn> Widen(IReadOnlyList<QueryColumn> columns, IReadOnlyList<object?[]> rows)
    {
        QueryColumn[]? widened = null;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Type != "bigint") continue;
            var index = i;
            var wider = rows.Any(r => r[index] is double) ? columns[i] with { Type = "double" }
                : rows.Any(r => r[index] is decimal) ? columns[i] with { Type = "decimal", Precision = 38, Scale = 0 }
                : null;
            if (wider is null) continue;
            widened ??= columns.ToArray();
            widened[i] = wider;
        }
        return widened ?? columns;
    }

    /// <summary>Roughly the bytes a converted row holds: text at two bytes a character, anything else at 16.</summary>
    public static long Size(object?[] row)
    {
        var bytes = 24L + 8L * row.Length;
        foreach (var value in row) bytes += value is string text ? 2L * text.Length + 24 : 16;
        return bytes;
    }

    private static string Hex(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Convert.ToHexString(copy.ToArray()).ToLowerInvariant();
    }
}
