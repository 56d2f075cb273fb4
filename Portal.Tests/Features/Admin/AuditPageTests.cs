using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Auditing;
using Portal.Features.Admin.Audit;

namespace Portal.Tests.Features.Admin;

/// <summary>The Audit trail page: newest first, filtered and paged by the server, the export link carrying the filter; no way to edit.</summary>
public sealed class AuditPageTests : AdministrationTestContext
{
    private async Task SeedAsync(int signIns)
    {
        var log = Services.GetRequiredService<AuditLog>();
        for (var i = 0; i < signIns; i++)
            await log.RecordAsync(new AuditEvent(AuditSubjects.Account, $"user{i}@example.com", "SignIn", $"user{i}@example.com", i % 2 == 0 ? AuditOutcome.Succeeded : AuditOutcome.Failed));
        await log.RecordAsync(new AuditEvent(AuditSubjects.Query, "console", "QueryRun", "ana@example.com", Detail: "SELECT count(*) FROM sales"));
    }

    [Fact]
    public async Task It_pages_newest_first_on_the_server()
    {
        await SeedAsync(30);
        var page = RenderPage<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(AuditPage.PageSize, page.FindAll("[data-testid=audit-row]").Count), Patience);
        Assert.Equal("QueryRun", page.FindAll("[data-testid=audit-row-action]")[0].TextContent.Trim());
        Assert.Contains("SELECT count(*) FROM sales", page.Find("[data-testid=audit-row-detail]").TextContent);
        Assert.Contains("31", page.Find("[data-testid=audit-pager]").TextContent);
        Assert.Empty(page.FindAll("button").Where(b => b.TextContent.Contains("Delete") || b.TextContent.Contains("Edit")));
    }

    [Fact]
    public async Task Filters_narrow_the_rows_and_the_export_link_carries_them()
    {
        await SeedAsync(6);
        var page = RenderPage<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll("[data-testid=audit-row]").Count), Patience);

        page.Find("input[data-testid=audit-text], [data-testid=audit-text] input").Input("from sales");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=audit-row]")), Patience);
        page.WaitForAssertion(() => Assert.Equal("/admin/audit/export?text=from%20sales", page.Find("a[data-testid=audit-export]").GetAttribute("href")), Patience);

        page.Find("input[data-testid=audit-text], [data-testid=audit-text] input").Input("");
        page.Find("input[data-testid=audit-user], [data-testid=audit-user] input").Input("user1@");
        page.WaitForAssertion(() => Assert.Equal(["Failed"], page.FindAll("[data-testid=audit-row-outcome]").Select(o => o.TextContent.Trim())), Patience);
    }

    [Fact]
    public void Nothing_recorded_says_so()
    {
        var page = RenderPage<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal("Nothing recorded yet.", page.Find("[data-testid=audit-empty]").TextContent.Trim()), Patience);
    }
}
