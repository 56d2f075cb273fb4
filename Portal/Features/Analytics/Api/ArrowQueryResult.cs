using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Api;

/// <summary>
/// A result as an Arrow IPC stream: one record batch with a typed column per result column (bigint Int64, integer
/// Int32, double Double, decimal Decimal128(p, s), boolean Boolean, timestamp Timestamp(µs, UTC), date Date32, anything
/// else Utf8), which pyarrow, R's arrow and DuckDB read as they are.
/// </summary>
public sealed class ArrowQueryResult(QueryResult result) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var batch = ToRecordBatch(result);
        httpContext.Response.ContentType = QueryResultFormats.Arrow;
        httpContext.Response.Headers["X-Query-Truncated"] = result.Truncated ? "true" : "false";
        using var writer = new ArrowStreamWriter(httpContext.Response.Body, batch.Schema, leaveOpen: true);
        await writer.WriteRecordBatchAsync(batch, httpContext.RequestAborted);
        await writer.WriteEndAsync(httpContext.RequestAborted);
    }

    public static RecordBatch ToRecordBatch(QueryResult result)
    {
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        for (var i = 0; i < result.Columns.Count; i++)
        {
            var column = result.Columns[i];
            var values = result.Rows.Select(row => row[i]);
            var (type, array) = Column(column, values);
            fields.Add(new Field(column.Name, type, nullable: true));
            arrays.Add(array);
        }
        return new RecordBatch(new Schema(fields, null), arrays, result.Rows.Count);
    }

    private static (IArrowType Type, IArrowArray Array) Column(QueryColumn column, IEnumerable<object?> values)
    {
        switch (column.Type)
        {
            case "bigint":
                return (Int64Type.Default, Build(new Int64Array.Builder(), values, (b, v) => b.Append(Convert.ToInt64(v)), b => b.AppendNull(), b => b.Build()));
            case "integer" or "int" or "smallint" or "tinyint":
                return (Int32Type.Default, Build(new Int32Array.Builder(), values, (b, v) => b.Append(Convert.ToInt32(v)), b => b.AppendNull(), b => b.Build()));
            case "double" or "float" or "real":
                return (DoubleType.Default, Build(new DoubleArray.Builder(), values, (b, v) => b.Append(Convert.ToDouble(v)), b => b.AppendNull(), b => b.Build()));
            case "boolean":
                return (BooleanType.Default, Build(new BooleanArray.Builder(), values, (b, v) => b.Append((bool)v), b => b.AppendNull(), b => b.Build()));
            case "decimal":
                var decimalType = new Decimal128Type(column.Precision is > 0 and <= 38 ? column.Precision : 38, Math.Max(column.Scale, 0));
                return (decimalType, Build(new Decimal128Array.Builder(decimalType), values, (b, v) => b.Append(Convert.ToDecimal(v)), b => b.AppendNull(), b => b.Build()));
            case "timestamp":
                var timestampType = new TimestampType(TimeUnit.Microsecond, "UTC");
                return (timestampType, Build(new TimestampArray.Builder(timestampType), values,
                    (b, v) => b.Append(new DateTimeOffset(DateTime.SpecifyKind((DateTime)v, DateTimeKind.Utc))), b => b.AppendNull(), b => b.Build()));
            case "date":
                return (Date32Type.Default, Build(new Date32Array.Builder(), values,
                    (b, v) => b.Append(v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : (DateTime)v), b => b.AppendNull(), b => b.Build()));
            default:
                return (StringType.Default, Build(new StringArray.Builder(), values, (b, v) => b.Append(v as string ?? CsvQueryResult.Text(v)), b => b.AppendNull(), b => b.Build()));
        }
    }

    private static IArrowArray Build<TBuilder>(TBuilder builder, IEnumerable<object?> values, Action<TBuilder, object> append, Action<TBuilder> appendNull,
        Func<TBuilder, IArrowArray> build)
    {
        foreach (var value in values)
        {
            if (value is null) appendNull(builder);
            else append(builder, value);
        }
        return build(builder);
    }
}
