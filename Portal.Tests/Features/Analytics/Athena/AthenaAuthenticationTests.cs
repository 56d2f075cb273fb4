using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>/aws/athena refuses what AWS refuses (unsigned, wrongly signed, expired, revoked) and shows each analyst only their own executions.</summary>
public sealed class AthenaAuthenticationTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private const string Body = "{}";

    private async Task<(int Status, string? Type, string? Message)> ListAsync(AthenaHttp athena, DateTime? signedAt = null, bool sign = true)
    {
        var (status, json) = await athena.SendAsync("ListQueryExecutions", Body, signedAt, sign);
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("__type", out var type)
            ? (status, type.GetString(), json.GetProperty("message").GetString())
            : (status, null, null);
    }

    [Fact]
    public async Task A_request_signed_with_the_demo_analyst_key_is_answered()
    {
        var (status, type, _) = await ListAsync(new AthenaHttp(app.Factory.CreateClient()));
        Assert.Equal((200, null), (status, type));
    }

    [Fact]
    public async Task An_unsigned_request_is_refused_with_MissingAuthenticationTokenException()
    {
        var (status, type, _) = await ListAsync(new AthenaHttp(app.Factory.CreateClient()), sign: false);
        Assert.Equal(400, status);
        Assert.Equal("MissingAuthenticationTokenException", type);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_InvalidSignatureException()
    {
        var (status, type, message) = await ListAsync(new AthenaHttp(app.Factory.CreateClient(), AthenaHttp.DemoKeyId, "wrong-secret"));
        Assert.Equal(400, status);
        Assert.Equal("InvalidSignatureException", type);
        Assert.Contains("signature", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_request_signed_more_than_15_minutes_ago_is_refused_as_expired()
    {
        var (status, type, message) = await ListAsync(new AthenaHttp(app.Factory.CreateClient()), DateTime.UtcNow.AddMinutes(-16));
        Assert.Equal(400, status);
        Assert.Equal("InvalidSignatureException", type);
        Assert.Contains("Signature expired", message);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_and_an_unknown_one_too()
    {
        var keys = app.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<AnalystAccessKeyService>();
        var analyst = await UserIdAsync(Roles.Analyst);
        var (created, error) = await keys.CreateAsync(analyst, "revoked in a test");
        Assert.Null(error);
        var athena = new AthenaHttp(app.Factory.CreateClient(), created!.Key.AccessKeyId, created.SecretAccessKey);
        Assert.Equal(200, (await ListAsync(athena)).Status);

        Assert.True(await keys.RevokeAsync(analyst, created.Key.Id));

        var (status, type, _) = await ListAsync(athena);
        Assert.Equal(400, status);
        Assert.Equal("UnrecognizedClientException", type);
        (status, type, _) = await ListAsync(new AthenaHttp(app.Factory.CreateClient(), "AKIANOSUCHKEY0000000", "x"));
        Assert.Equal("UnrecognizedClientException", type);
    }

    [Fact]
    public async Task Another_user_neither_sees_nor_stops_nor_reads_an_analysts_execution()
    {
        var analyst = new AthenaHttp(app.Factory.CreateClient());
        var id = (await analyst.CallAsync("StartQueryExecution", new { QueryString = "SELECT 1" })).GetProperty("QueryExecutionId").GetString()!;
        var keys = app.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<AnalystAccessKeyService>();
        var (created, _) = await keys.CreateAsync(await UserIdAsync(Roles.Admin), "admin in a test");
        var admin = new AthenaHttp(app.Factory.CreateClient(), created!.Key.AccessKeyId, created.SecretAccessKey);

        foreach (var operation in new[] { "GetQueryExecution", "GetQueryResults", "StopQueryExecution" })
        {
            var (status, json) = await admin.SendAsync(operation, JsonSerializer.Serialize(new { QueryExecutionId = id }));
            Assert.Equal(400, status);
            Assert.Equal($"QueryExecution {id} was not found", json.GetProperty("message").GetString());
        }
        var listed = await admin.CallAsync("ListQueryExecutions", new { });
        Assert.DoesNotContain(id, listed.GetProperty("QueryExecutionIds").EnumerateArray().Select(e => e.GetString()));
        var mine = await analyst.CallAsync("GetQueryExecution", new { QueryExecutionId = id });
        Assert.NotEqual("CANCELLED", mine.GetProperty("QueryExecution").GetProperty("Status").GetProperty("State").GetString());
    }

    private async Task<string> UserIdAsync(string role)
    {
        using var scope = app.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return (await users.FindByEmailAsync(DemoAccounts.For(role).Email))!.Id;
    }
}
