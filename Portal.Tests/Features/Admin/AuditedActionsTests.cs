using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Analytics.Console;
using Portal.Engine.ApiKeys;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>Each security-relevant action in the running app leaves its entry in the audit trail; the export downloads them.</summary>
public sealed class AuditedActionsTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private const string Agent = "PortalAuditTest/1.0";

    private async Task<List<AuditEntry>> EntriesAsync(string action)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<string> UserIdAsync(string role)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var email = DemoAccounts.For(role).Email;
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task Sign_in_success_and_failure_are_recorded_with_the_user_agent()
    {
        var email = DemoAccounts.For(Roles.Logistics).Email;
        var client = SignedInClient.Anonymous(app.Factory);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Agent);
        await SignedInClient.PostSignInAsync(client, email, "not-the-Password1");
        await SignedInClient.PostSignInAsync(client, email, new DemoOptions().Password);

        var attempts = (await EntriesAsync("SignIn")).Where(a => a.UserName == email && a.UserAgent == Agent).ToList();
        Assert.Equal([AuditOutcome.Failed, AuditOutcome.Succeeded], attempts.Select(a => a.Outcome));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_out_and_that_is_recorded()
    {
        var outcome = await app.Factory.Services.GetRequiredService<Portal.Engine.Identity.Administration.UserAdministration>()
            .CreateAsync("target@example.com", "Target", [Roles.Customer], "tests");
        var passwords = app.Factory.Services.GetRequiredService<Portal.Engine.Identity.Administration.AccountPasswords>();
        Assert.Null(await passwords.SetAsync(outcome.UserId!, outcome.PasswordToken!, "Right-Password1"));
        var client = SignedInClient.Anonymous(app.Factory);
        for (var i = 0; i < 5; i++) await SignedInClient.PostSignInAsync(client, "target@example.com", "Wrong-Password1");
        Assert.Contains(await EntriesAsync("LockedOut"), a => a.UserName == "target@example.com" && a.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task Api_keys_and_access_keys_created_and_revoked_are_recorded_by_name()
    {
        var logistics = await UserIdAsync(Roles.Logistics);
        var keys = app.Factory.Services.GetRequiredService<ApiKeyService>();
        var (created, _) = await keys.CreateAsync(logistics, "audit test");
        await keys.RevokeAsync(logistics, created!.Key.Id);
        var analyst = await UserIdAsync(Roles.Analyst);
        var accessKeys = app.Factory.Services.GetRequiredService<AnalystAccessKeyService>();
        var (access, _) = await accessKeys.CreateAsync(analyst, "audit test");
        await accessKeys.RevokeAsync(analyst, access!.Key.Id);

        Assert.Contains(await EntriesAsync("Created"), a => a.EntityType == AuditSubjects.ApiKey && a.EntityId == $"ptl_{created.Key.Prefix}" && a.UserName == DemoAccounts.For(Roles.Logistics).Email);
        Assert.Contains(await EntriesAsync("Revoked"), a => a.EntityType == AuditSubjects.ApiKey && a.EntityId == $"ptl_{created.Key.Prefix}");
        Assert.Contains(await EntriesAsync("Created"), a => a.EntityType == AuditSubjects.AccessKey && a.EntityId == access.Key.AccessKeyId && a.UserName == DemoAccounts.For(Roles.Analyst).Email);
        Assert.Contains(await EntriesAsync("Revoked"), a => a.EntityType == AuditSubjects.AccessKey && a.EntityId == access.Key.AccessKeyId);
    }

    [Fact]
    public async Task Analyst_queries_are_recorded_with_their_sql_from_the_api_and_the_console()
    {
        var demo = new DemoOptions();
        var client = SignedInClient.Anonymous(app.Factory);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/analytics/query")
        {
            Content = new StringContent("{\"sql\": \"SELECT 42 AS audited_api_query\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{demo.AnalystAccessKeyId}:{demo.AnalystSecretAccessKey}");
        var response = await client.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);

        await app.Factory.Services.GetRequiredService<QueryHistory>().RecordAsync(new QueryHistoryEntry
        {
            UserId = await UserIdAsync(Roles.Analyst), Sql = "SELECT 7 AS audited_console_query", RanAt = DateTime.UtcNow, DurationMs = 3,
        });

        // The API writes its entry once the answer has gone out, so it may land a moment after the response.
        var runs = await EntriesAsync("QueryRun");
        for (var wait = 0; wait < 100 && !runs.Any(a => a.EntityId == "api"); wait++)
        {
            await Task.Delay(100);
            runs = await EntriesAsync("QueryRun");
        }
        Assert.Contains(runs, a => a.EntityId == "api" && a.Detail!.StartsWith("SELECT 42 AS audited_api_query") && a.UserName == DemoAccounts.For(Roles.Analyst).Email);
        Assert.Contains(runs, a => a.EntityId == "console" && a.Detail == "SELECT 7 AS audited_console_query" && a.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task A_catalog_export_is_recorded()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync("/api/catalog/export")).StatusCode);
        Assert.Contains(await EntriesAsync("CatalogExported"), a => a.UserName == DemoAccounts.For(Roles.Sales).Email);
    }

    [Fact]
    public async Task The_csv_export_downloads_the_filtered_entries_and_is_itself_recorded()
    {
        var email = DemoAccounts.For(Roles.Customer).Email;
        await SignedInClient.PostSignInAsync(SignedInClient.Anonymous(app.Factory), email, "Wrong-Password1");
        var admin = await app.ClientForAsync(Roles.Admin);

        var response = await admin.GetAsync($"/admin/audit/export?action=SignIn&outcome=Failed&user={Uri.EscapeDataString(email)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", AuditCsv.Header), lines[0]);
        Assert.NotEmpty(lines[1..]);
        Assert.All(lines[1..], line => Assert.Contains($",{email},SignIn,Failed,Account,{email},", line));
        Assert.Contains(await EntriesAsync("AuditExported"), a => a.UserName == DemoAccounts.For(Roles.Admin).Email);
    }

    [Fact]
    public async Task A_bad_filter_is_a_problem_naming_the_field()
    {
        var admin = await app.ClientForAsync(Roles.Admin);
        var response = await admin.GetAsync("/admin/audit/export?from=03.11.2026");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("'from' must be a date as yyyy-MM-dd", await response.Content.ReadAsStringAsync());
    }
}
