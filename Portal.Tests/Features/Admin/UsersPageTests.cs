using Bunit;
using Portal.Engine.Auditing;
using Portal.Engine.Identity;
using Portal.Features.Admin.Users;

namespace Portal.Tests.Features.Admin;

/// <summary>The Users page: list and search, new accounts with their invitation link, the last administrator's guard in the dialogs.</summary>
public sealed class UsersPageTests : AdministrationTestContext
{
    private static string[] Emails(IRenderedComponent<Portal.Tests.Features.Storefront.PageHost> page) =>
        page.FindAll("[data-testid=user-row]").Select(r => r.TextContent.Trim()).ToArray();

    [Fact]
    public async Task It_lists_accounts_with_source_roles_and_status_and_searches_them()
    {
        await AccountAsync(Admin, Roles.Admin);
        await AccountAsync("carla@example.com", Roles.Sales, Roles.Analyst);
        var page = RenderPage<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal([Admin, "carla@example.com"], Emails(page)), Patience);
        Assert.Equal(["Local", "Local"], page.FindAll("[data-testid=user-source]").Select(c => c.TextContent.Trim()));
        Assert.Equal("Analyst, Sales", page.FindAll("[data-testid=user-roles]")[1].TextContent.Trim());
        Assert.All(page.FindAll("[data-testid=user-status]"), s => Assert.Equal("Password not set", s.TextContent.Trim()));

        page.Find("input[data-testid=users-search], [data-testid=users-search] input").Input("CARL");
        page.WaitForAssertion(() => Assert.Equal(["carla@example.com"], Emails(page)), Patience);
    }

    [Fact]
    public async Task A_new_account_gets_its_roles_and_an_invitation_link()
    {
        await AccountAsync(Admin, Roles.Admin);
        var page = RenderPage<UsersPage>();
        page.WaitForAssertion(() => Assert.Single(Emails(page)), Patience);

        page.Find("[data-testid=users-create]").Click();
        page.WaitForElement("[data-testid=create-user-dialog]", Patience);
        page.Find("input[data-testid=create-user-email], [data-testid=create-user-email] input").Input("new@example.com");
        page.Find("input[data-testid=create-user-role-Logistics], [data-testid=create-user-role-Logistics] input").Change(true);
        page.Find("[data-testid=create-user-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("/account/set-password?user=", page.Find("[data-testid=password-link]").TextContent), Patience);
        page.Find("[data-testid=create-user-done]").Click();
        page.WaitForAssertion(() => Assert.Equal([Admin, "new@example.com"], Emails(page)), Patience);
        Assert.Equal("Logistics", page.FindAll("[data-testid=user-roles]")[1].TextContent.Trim());
        Assert.Contains(await AuditAsync(), a => a.Action == "Created" && a.EntityId == "new@example.com" && a.UserName == Admin);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_deactivated_or_lose_the_role_and_the_dialog_says_why()
    {
        await AccountAsync(Admin, Roles.Admin);
        var page = RenderPage<UsersPage>();
        page.WaitForAssertion(() => Assert.Single(Emails(page)), Patience);

        page.Find("[data-testid=user-deactivate]").Click();
        page.WaitForElement("[data-testid=user-action-dialog]", Patience);
        page.Find("[data-testid=user-action-confirm]").Click();
        page.WaitForAssertion(() => Assert.Contains("last active administrator", page.Find("[data-testid=user-action-refused]").TextContent), Patience);
        page.Find("[data-testid=user-action-cancel]").Click();

        page.Find("[data-testid=user-roles-open]").Click();
        page.WaitForElement("[data-testid=user-roles-dialog]", Patience);
        page.Find("input[data-testid=user-role-Admin], [data-testid=user-role-Admin] input").Change(false);
        page.Find("[data-testid=user-roles-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("last active administrator", page.Find("[data-testid=user-roles-refused]").TextContent), Patience);

        var refused = (await AuditAsync()).Where(a => a.Outcome == AuditOutcome.Refused).Select(a => a.Action).ToArray();
        Assert.Equal(["Deactivated", "RolesChanged"], refused);
    }

    [Fact]
    public async Task Locking_another_account_shows_it_locked_and_is_audited()
    {
        await AccountAsync(Admin, Roles.Admin);
        await AccountAsync("carla@example.com", Roles.Sales);
        var page = RenderPage<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(2, Emails(page).Length), Patience);

        page.FindAll("[data-testid=user-lock]")[1].Click();
        page.WaitForElement("[data-testid=user-action-dialog]", Patience);
        page.Find("[data-testid=user-action-confirm]").Click();
        page.WaitForAssertion(() => Assert.Equal("Locked", page.FindAll("[data-testid=user-status]")[1].TextContent.Trim()), Patience);
        Assert.Contains(await AuditAsync(), a => a.Action == "Locked" && a.EntityId == "carla@example.com" && a.Outcome == AuditOutcome.Succeeded && a.UserName == Admin);
    }
}
