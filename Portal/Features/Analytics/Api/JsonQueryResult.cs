using System.Globalization;
using System.Text.Json;
using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Api;

/// <summary>
/// A result as JSON in the shape of <see cref="AnalyticsQueryResponse"/> (web defaults), written value by value with
/// a <see cref="Utf8JsonWriter"/> on the response's pipe: the serializer would look up a converter for every boxed
/// value of the <c>object?[]</c> rows. Doubles that are NaN or infinite are written as the strings "NaN", "Infinity"
/// and "-Infinity" (JSON has no such numbers), as <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c> writes them.
/// </summary>
public sealed class JsonQueryResult(QueryResult result, JsonSerializerOptions options) : IResult
{
    /// <summary>Flush to the client every this many bytes, so a large answer is not held whole.</summary>
    private const int FlushEvery = 64 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "application/json; charset=utf-8";
        var pipe = response.BodyWriter;
        await using var writer = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WritePropertyName("columns");
        JsonSerializer.Serialize(writer, result.Columns, options);
        writer.WriteStartArray("rows");
        foreach (var row in result.Rows)
        {
            writer.WriteStartArray();
            foreach (var value in row) Write(writer, value);
            writer.WriteEndArray();
            if (writer.BytesPending >= FlushEvery)
            {
                writer.Flush();
                await pipe.FlushAsync(httpContext.RequestAborted);
            }
        }
        writer.WriteEndArray();
        writer.WriteNumber("rowCount", result.Rows.Count);
        writer.WriteBoolean("truncated", result.Truncated);
        writer.WriteNumber("elapsedMs", (long)result.Elapsed.TotalMilliseconds);
        writer.WriteEndObject();
        writer.Flush();
        await pipe.FlushAsync(httpContext.RequestAborted);
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
                Span<char> chars = stackalloc char[10];
                date.TryFormat(chars, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                writer.WriteStringValue(chars[..written]);
                break;
            default: JsonSerializer.Serialize(writer, value, value.GetType(), options); break;
        }
    }
}
