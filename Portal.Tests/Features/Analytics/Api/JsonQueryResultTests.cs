using System.Text;
using Microsoft.AspNetCore.Http;
using Portal.Engine.Analytics.Query;
using Portal.Features.Analytics.Api;

namespace Portal.Tests.Features.Analytics.Api;

/// <summary>The JSON answer, written value by value, is byte for byte what the serializer writes for <see cref="AnalyticsQueryResponse"/>.</summary>
public sealed class JsonQueryResultTests
{
    /// <param name="extraRows">0: a small answer, sent in one write with its Content-Length; 3000 (24,032 values): one
    /// streamed in chunks, past the flush threshold at least once.</param>
    [Theory]
    [InlineData(0)]
    [InlineData(3000)]
    public async Task Writes_every_value_type_as_the_serializer_writes_the_response(int extraRows)
    {
        var columns = new List<QueryColumn>
        {
            new("name", "varchar"), new("n", "bigint"), new("i", "integer"), new("x", "double"), new("money", "decimal", 12, 2),
            new("flag", "boolean"), new("at", "timestamp"), new("day", "date"),
        };
        var rows = new List<object?[]>
        {
            new object?[] { "Caf\u00e9 \"<b>\" \u2603", long.MaxValue, -7, 0.1, 12.50m, true, new DateTime(2026, 10, 3, 9, 30, 0, 123, DateTimeKind.Utc), new DateOnly(2026, 1, 2) },
            new object?[] { null, null, null, double.NaN, -0.01m, false, new DateTime(2026, 10, 3, 9, 30, 0, DateTimeKind.Utc).AddTicks(4560), new DateOnly(1, 1, 1) },
            new object?[] { "", 0L, int.MinValue, double.PositiveInfinity, 79228162514264337593543950335m, null, null, null },
            new object?[] { "x", -1L, 0, double.NegativeInfinity, 0m, true, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), new DateOnly(9999, 12, 31) },
        };
        for (var i = 0; i < extraRows; i++) rows.Add(new object?[] { $"row {i}", (long)i, i, i / 3.0, i / 100m, i % 2 == 0, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i), new DateOnly(2026, 1, 1).AddDays(i % 300) });
        var result = new QueryResult(columns, rows, Truncated: true, TimeSpan.FromMilliseconds(42.7));

        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        await new JsonQueryResult(result, AnalyticsQueryApi.ResultJson).ExecuteAsync(http);

        var expected = System.Text.Json.JsonSerializer.Serialize(
            new AnalyticsQueryResponse(result.Columns, result.Rows, result.Rows.Count, result.Truncated, 42), AnalyticsQueryApi.ResultJson);
        Assert.Equal(expected, Encoding.UTF8.GetString(body.ToArray()));
        Assert.StartsWith("application/json", http.Response.ContentType);
        Assert.Equal(extraRows == 0 ? body.Length : null, http.Response.ContentLength);
    }
}
