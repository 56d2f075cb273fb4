using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Demo;
using Portal.Engine.Identity;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>
/// GetQueryResults' NextToken is opaque and protected: it pages on for the query and key it was issued to, and any
/// other token (altered, garbage, another query's, another key's) is Athena's InvalidRequestException, never a 500.
/// </summary>
public sealed class AthenaResultTokenTests(AthenaAppFixture app) : IClassFixture<AthenaAppFixture>
{
    private const string ThirtyRowsSql = "SELECT n FROM unnest(generate_series(1, 30)) AS t(n) ORDER BY n";

    private AthenaHttp Athena() => new(app.Factory.CreateClient());

    private async Task<string> SucceededAsync(AthenaHttp athena, string sql)
    {
        await AthenaLakeData.EnsureAsync(app.Factory);
        var id = (await athena.CallAsync("StartQueryExecution", new { QueryString = sql })).GetProperty("QueryExecutionId").GetString()!;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        string? state;
        do
        {
            state = (await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id })).GetProperty("QueryExecution").GetProperty("Status").GetProperty("State").GetString();
            Assert.True(DateTime.UtcNow < deadline, $"query still {state} after 2 minutes");
        } while (state is "QUEUED" or "RUNNING");
        Assert.Equal("SUCCEEDED", state);
        return id;
    }

    private static async Task<string> FirstTokenAsync(AthenaHttp athena, string id)
    {
        var page = await athena.CallAsync("GetQueryResults", new { QueryExecutionId = id, MaxResults = 10 });
        return page.GetProperty("NextToken").GetString()!;
    }

    private static async Task<string> RefusedAsync(AthenaHttp athena, string id, string token)
    {
        var (status, json) = await athena.SendAsync("GetQueryResults", JsonSerializer.Serialize(new { QueryExecutionId = id, MaxResults = 10, NextToken = token }));
        Assert.True(status == 400, $"token {token} answered {status}: {json}");
        Assert.Equal("InvalidRequestException", json.GetProperty("__type").GetString());
        return json.GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task The_token_is_opaque_and_pages_on_through_the_whole_result()
    {
        var athena = Athena();
        var id = await SucceededAsync(athena, ThirtyRowsSql);
        var token = await FirstTokenAsync(athena, id);

        Assert.InRange(token.Length, 1, 1024); // Athena's NextToken limit
        Assert.DoesNotContain(id, token, StringComparison.Ordinal);
        Assert.DoesNotContain(id, DecodedOrEmpty(token), StringComparison.Ordinal);
        var values = new List<string>();
        string? next = token;
        while (next is not null)
        {
            var page = await athena.CallAsync("GetQueryResults", new { QueryExecutionId = id, MaxResults = 10, NextToken = next });
            values.AddRange(page.GetProperty("ResultSet").GetProperty("Rows").EnumerateArray().Select(r => r.GetProperty("Data")[0].GetProperty("VarCharValue").GetString()!));
            next = page.TryGetProperty("NextToken", out var n) ? n.GetString() : null;
        }
        Assert.Equal(Enumerable.Range(10, 21).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), values); // page 1: header and 1-9
    }

    [Fact]
    public async Task An_altered_token_is_refused()
    {
        var athena = Athena();
        var id = await SucceededAsync(athena, ThirtyRowsSql);
        var token = await FirstTokenAsync(athena, id);

        foreach (var altered in new[] { Flip(token, token.Length / 2), Flip(token, token.Length - 1), token[..^4], token + "AAAA", token[1..] })
            Assert.Contains("not issued by this endpoint or was altered", await RefusedAsync(athena, id, altered));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("bm90LWEtdG9rZW4=")]
    [InlineData("!!!!")]
    [InlineData("%00")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_garbage_token_is_refused(string token)
    {
        var athena = Athena();
        var id = await SucceededAsync(athena, ThirtyRowsSql);
        Assert.Contains("NextToken is not valid", await RefusedAsync(athena, id, token));
    }

    [Fact]
    public async Task A_token_in_the_old_readable_form_is_refused_even_with_the_right_query_and_offset()
    {
        var athena = Athena();
        var id = await SucceededAsync(athena, ThirtyRowsSql);
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}|4"));
        Assert.Contains("NextToken is not valid", await RefusedAsync(athena, id, forged));
    }

    [Fact]
    public async Task Another_querys_token_is_refused()
    {
        var athena = Athena();
        var first = await SucceededAsync(athena, ThirtyRowsSql);
        var second = await SucceededAsync(athena, ThirtyRowsSql);
        var token = await FirstTokenAsync(athena, first);

        Assert.Contains("belongs to another query execution", await RefusedAsync(athena, second, token));
    }

    [Fact]
    public async Task A_token_issued_to_another_key_of_the_same_analyst_is_refused()
    {
        var athena = Athena();
        var id = await SucceededAsync(athena, ThirtyRowsSql);
        var token = await FirstTokenAsync(athena, id);
        using var scope = app.Factory.Services.CreateScope();
        var analyst = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(Roles.Analyst).Email))!.Id;
        var (created, error) = await scope.ServiceProvider.GetRequiredService<AnalystAccessKeyService>().CreateAsync(analyst, "second key in a token test");
        Assert.Null(error);
        var otherKey = new AthenaHttp(app.Factory.CreateClient(), created!.Key.AccessKeyId, created.SecretAccessKey);

        Assert.Contains("issued to another access key", await RefusedAsync(otherKey, id, token));
        var own = await FirstTokenAsync(otherKey, id); // the same analyst's other key reads the result with its own tokens
        await otherKey.CallAsync("GetQueryResults", new { QueryExecutionId = id, MaxResults = 10, NextToken = own });
    }

    private static string Flip(string token, int at) => token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];

    private static string DecodedOrEmpty(string token)
    {
        try { return Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token)); }
        catch (FormatException) { return ""; }
    }
}
