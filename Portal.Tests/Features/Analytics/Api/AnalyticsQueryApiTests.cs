using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Api;

/// <summary>
/// <c>POST /api/analytics/query</c> over the sample lake through the real DuckDB engine: the three answer formats,
/// both ways to authenticate (session, the analyst's key as a bearer token), and every refusal as problem+json.
/// </summary>
public sealed class AnalyticsQueryApiTests(AnalyticsApiApp app) : IClassFixture<AnalyticsApiApp>
{
    private const string TotalsSql = "SELECT order_id, sum(line_total) AS total, min(placed_at) AS placed FROM sales GROUP BY order_id ORDER BY order_id";
    private static readonly DemoOptions Demo = new();

    [Fact]
    public async Task Should_answer_JSON_to_the_demo_analysts_bearer_key()
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var response = await client.PostAsJsonAsync("/api/analytics/query", new { sql = TotalsSql });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["order_id", "total", "placed"], body.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["bigint", "decimal", "timestamp"], body.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        var rows = body.GetProperty("rows");
        Assert.Equal(3, body.GetProperty("rowCount").GetInt32());
        Assert.Equal(1001, rows[0][0].GetInt64());
        Assert.Equal(29.25m, rows[0][1].GetDecimal());
        Assert.Equal("2026-10-03T09:30:00Z", rows[0][2].GetString());
        Assert.Equal(107.00m, rows[2][1].GetDecimal()); // order 1003: 3 x 30.00 + 4 x 4.25
        Assert.False(body.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Should_answer_CSV_when_asked()
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var response = await client.SendAsync(Query(TotalsSql, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["order_id,total,placed", "1001,29.25,2026-10-03 09:30:00.000", "1002,12.50,2026-11-05 14:00:00.000"], lines[..3]);
        Assert.Equal("false", response.Headers.GetValues("X-Query-Truncated").Single());
    }

    [Fact]
    public async Task Should_answer_an_Arrow_stream_with_typed_columns()
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var response = await client.SendAsync(Query(TotalsSql + " LIMIT 2", "application/vnd.apache.arrow.stream"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apache.arrow.stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new ArrowStreamReader(await response.Content.ReadAsStreamAsync());
        var batch = await reader.ReadNextRecordBatchAsync();
        Assert.Equal(2, batch.Length);
        Assert.IsType<Int64Type>(batch.Schema.GetFieldByName("order_id").DataType);
        Assert.IsType<Decimal128Type>(batch.Schema.GetFieldByName("total").DataType);
        Assert.Equal("UTC", Assert.IsType<TimestampType>(batch.Schema.GetFieldByName("placed").DataType).Timezone);
        Assert.Equal(1002, ((Int64Array)batch.Column("order_id")).GetValue(1));
        Assert.Equal(29.25m, ((Decimal128Array)batch.Column("total")).GetValue(0));
        Assert.Equal(new DateTimeOffset(2026, 10, 3, 9, 30, 0, TimeSpan.Zero), ((TimestampArray)batch.Column("placed")).GetTimestamp(0));
        Assert.Null(await reader.ReadNextRecordBatchAsync());
    }

    private const string EdgeValuesSql =
        "SELECT nan() AS not_a_number, infinity() AS big, -infinity() AS small, sum(n) AS huge FROM (VALUES (9223372036854775807), (9223372036854775807)) t(n)";

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/csv")]
    [InlineData("application/vnd.apache.arrow.stream")]
    public async Task Should_answer_NaN_infinities_and_sums_past_bigint_in_every_format(string accept)
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var response = await client.SendAsync(Query(EdgeValuesSql, accept));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        const string huge = "18446744073709551614";
        switch (accept)
        {
            case "application/json":
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                var row = body.GetProperty("rows")[0];
                Assert.Equal(["NaN", "Infinity", "-Infinity"], Enumerable.Range(0, 3).Select(i => row[i].GetString()));
                Assert.Equal(huge, row[3].GetRawText());
                Assert.Equal("decimal", body.GetProperty("columns")[3].GetProperty("type").GetString());
                break;
            case "text/csv":
                var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal($"NaN,Infinity,-Infinity,{huge}", lines[1]);
                break;
            default:
                using (var reader = new ArrowStreamReader(await response.Content.ReadAsStreamAsync()))
                {
                    var batch = await reader.ReadNextRecordBatchAsync();
                    Assert.True(double.IsNaN(((DoubleArray)batch.Column("not_a_number")).GetValue(0)!.Value));
                    Assert.Equal(double.PositiveInfinity, ((DoubleArray)batch.Column("big")).GetValue(0));
                    Assert.Equal(decimal.Parse(huge), ((Decimal128Array)batch.Column("huge")).GetValue(0));
                }
                break;
        }
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("application/xml, text/html;q=0.9")]
    public async Task Should_answer_406_to_an_Accept_it_cannot_serve(string accept)
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var response = await client.SendAsync(Query(TotalsSql, accept));
        var problem = await Problems.ReadAsync(response, HttpStatusCode.NotAcceptable);
        Assert.Contains("text/csv", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_take_the_signed_in_analyst_and_refuse_other_roles()
    {
        using var analyst = await SignedInAsync(Roles.Analyst);
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT count(*) AS n FROM sales" })).StatusCode);
        using var customer = await SignedInAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" })).StatusCode);
    }

    [Fact]
    public async Task Should_say_how_to_authenticate_when_nothing_or_a_bad_key_is_sent()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var response = await anonymous.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer ACCESS_KEY_ID:SECRET", problem.GetProperty("detail").GetString());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        using var wrong = BearerClient(Demo.AnalystAccessKeyId, "not-the-secret-at-all");
        problem = await Problems.ReadAsync(await wrong.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" }), HttpStatusCode.Unauthorized);
        Assert.Contains("secret does not match", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_refuse_a_revoked_key()
    {
        CreatedAnalystAccessKey key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var analyst = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>()
                .FindByEmailAsync(DemoAccounts.For(Roles.Analyst).Email);
            var keys = scope.ServiceProvider.GetRequiredService<AnalystAccessKeyService>();
            key = (await keys.CreateAsync(analyst!.Id, "revoked in a test")).Created!;
            using var before = BearerClient(key.Key.AccessKeyId, key.SecretAccessKey);
            Assert.Equal(HttpStatusCode.OK, (await before.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1 AS one" })).StatusCode);
            Assert.True(await keys.RevokeAsync(analyst.Id, key.Key.Id));
        }
        using var client = BearerClient(key.Key.AccessKeyId, key.SecretAccessKey);
        var problem = await Problems.ReadAsync(await client.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" }), HttpStatusCode.Unauthorized);
        Assert.Contains("was revoked", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_check_a_remembered_key_against_its_current_secret()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var analyst = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>()
            .FindByEmailAsync(DemoAccounts.For(Roles.Analyst).Email);
        var keys = scope.ServiceProvider.GetRequiredService<AnalystAccessKeyService>();
        var key = (await keys.CreateAsync(analyst!.Id, "re-issued in a test")).Created!;
        async Task<HttpStatusCode> StatusAsync(string secret)
        {
            using var client = BearerClient(key.Key.AccessKeyId, secret);
            return (await client.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1 AS one" })).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(key.SecretAccessKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(key.SecretAccessKey)); // remembered
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(key.SecretAccessKey + "x"));

        var reissued = AnalystAccessKeyText.NewSecret();
        await keys.EnsureAsync(analyst.Id, key.Key.AccessKeyId, reissued, "re-issued in a test");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(key.SecretAccessKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(reissued));
    }

    [Theory]
    [InlineData("SELECT FROM WHERE", "Syntax")]
    [InlineData("DROP TABLE sales", "NotReadOnly")]
    [InlineData("SELECT nope FROM sales", "Invalid")]
    [InlineData("SELECT 1; SELECT 2", "NotReadOnly")]
    public async Task Should_answer_refused_SQL_with_a_400_problem(string sql, string refusal)
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var problem = await Problems.ReadAsync(await client.PostAsJsonAsync("/api/analytics/query", new { sql }), HttpStatusCode.BadRequest);
        Assert.Equal(refusal, problem.GetProperty("refusal").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Should_say_where_a_syntax_error_is()
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var problem = await Problems.ReadAsync(await client.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT order_id FROM sales WHERE" }), HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("position", out var position), problem.ToString());
        Assert.InRange(position.GetInt32(), 0, 40);
    }

    [Theory]
    [InlineData("{}", "sql")]
    [InlineData("{\"sql\": \"  \"}", "sql")]
    [InlineData("{\"sql\": \"SELECT 1\", \"maxRows\": 0}", "maxRows")]
    public async Task Should_name_the_field_of_an_invalid_request(string json, string field)
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var response = await client.PostAsync("/api/analytics/query", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Should_cut_the_result_at_maxRows_and_say_so()
    {
        using var client = BearerClient(Demo.AnalystAccessKeyId, Demo.AnalystSecretAccessKey);
        var body = await (await client.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT line_id FROM sales ORDER BY line_id", maxRows = 2 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("rowCount").GetInt32());
        Assert.True(body.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Should_answer_503_while_no_dataset_is_exported()
    {
        await using var empty = AnalyticsApiApp.WithoutLake();
        await ((IAsyncLifetime)empty).InitializeAsync();
        using var client = new HttpClient { BaseAddress = new Uri(empty.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{Demo.AnalystAccessKeyId}:{Demo.AnalystSecretAccessKey}");
        var problem = await Problems.ReadAsync(await client.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" }), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unavailable", problem.GetProperty("refusal").GetString());
    }

    /// <summary>A browser-like client on the real port, signed in through the sign-in form.</summary>
    private async Task<HttpClient> SignedInAsync(string role)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };
        var response = await SignedInClient.PostSignInAsync(client, DemoAccounts.For(role).Email, Demo.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await SignedInClient.UseAntiforgeryTokenAsync(client);
        return client;
    }

    [Fact]
    public async Task Should_be_documented_in_OpenAPI_and_list_the_demo_key_on_the_sign_in_page()
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/analytics/query", document);
        Assert.Contains("application/vnd.apache.arrow.stream", document);
        var signIn = await client.GetStringAsync("/account/login");
        Assert.Contains(Demo.AnalystAccessKeyId, signIn);
        Assert.Contains(Demo.AnalystSecretAccessKey, signIn);
    }

    private HttpClient BearerClient(string id, string secret)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{id}:{secret}");
        return client;
    }

    private static HttpRequestMessage Query(string sql, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/analytics/query") { Content = JsonContent.Create(new { sql }) };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }
}
