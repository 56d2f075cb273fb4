using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Api;

/// <summary>
/// A result as JSON in the shape of <see cref="AnalyticsQueryResponse"/> (web defaults), written value by value with
/// a <see cref="Utf8JsonWriter"/>: the serializer would look up a converter for every boxed value of the
/// <c>object?[]</c> rows. Doubles that are NaN or infinite are written as the strings "NaN", "Infinity" and
/// "-Infinity" (JSON has no such numbers), as <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c> writes them.
/// A small answer (at most <see cref="BufferedValues"/> values) goes out in one write with its Content-Length; a
/// larger one streams on the response's pipe, flushed about every <see cref="FlushEvery"/> bytes, so it is not held whole.
/// </summary>
public sealed class JsonQueryResult(QueryResult result, JsonSerializerOptions options) : IResult
{
    private const int FlushEvery = 64 * 1024;
    private const int BufferedValues = 10_000;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "application/json; charset=utf-8";
        var writerOptions = new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true };
        if ((long)result.Rows.Count * Math.Max(1, result.Columns.Count) <= BufferedValues)
        {
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            using (var whole = new Utf8JsonWriter(buffer, writerOptions))
            {
                WriteStart(whole);
                foreach (var row in result.Rows) WriteRow(whole, row);
                WriteEnd(whole);
            }
            response.ContentLength = buffer.WrittenCount;
            await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
            return;
        }

        var pipe = response.BodyWriter;
        await using (var writer = new Utf8JsonWriter(pipe, writerOptions))
        {
            WriteStart(writer);
            foreach (var row in result.Rows)
            {
                WriteRow(writer, row);
                if (writer.BytesPending < FlushEvery) continue;
                writer.Flush();
                await pipe.FlushAsync(httpContext.RequestAborted);
            }
            WriteEnd(writer);
        }
        await pipe.FlushAsync(httpContext.RequestAborted);
    }

    private void WriteStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("columns");
        JsonSerializer.Serialize(writer, result.Columns, options);
        writer.WriteStartArray("rows");
    }

    private void WriteRow(Utf8JsonWriter writer, object?[] row)
    {
        writer.WriteStartArray();
        foreach (var value in row) Write(writer, value);
        writer.WriteEndArray();
    }

    private void WriteEnd(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteNumber("rowCount", result.Rows.Count);
        writer.WriteBoolean("truncated", result.Truncated);
        writer.WriteNumber("elapsedMs", (long)result.Elapsed.TotalMilliseconds);
        writer.WriteEndObject();
    }

    private void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case long number: writer.WriteNumberValue(number); break;
            case int number: writer.WriteNumberValue(number); break;
            case decimal number: writer.WriteNumberValue(number); break;
            case double number when double.IsFinite(number): writer.WriteNumberValue(number); break;
            case double number: writer.WriteStringValue(double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity"); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case DateTime time: writer.WriteStringValue(time); break;
            case DateOnly date:
                // "O" is yyyy-MM-dd for a date, formatted without parsing a custom pattern each time.
                Span<byte> utf8 = stackalloc byte[10];
                date.TryFormat(utf8, out var written, "O", CultureInfo.InvariantCulture);
                writer.WriteStringValue(utf8[..written]);
                break;
            default: JsonSerializer.Serialize(writer, value, value.GetType(), options); break;
        }
    }
}
