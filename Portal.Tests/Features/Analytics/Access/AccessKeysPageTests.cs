using Bunit;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Identity;
using Portal.Features.Analytics.Access;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Access;

/// <summary>The access keys page over a real SQLite database: create (id and secret shown once), list, revoke, limits at the field.</summary>
public sealed class AccessKeysPageTests : CommerceTestContext
{
    public AccessKeysPageTests() : base(Roles.Analyst, "analyst@portal.local") { }

    private AnalystAccessKeyService Keys => new(new TestDbContextFactory(Database), DataProtection, TimeProvider.System);

    [Fact]
    public async Task Starts_empty_and_says_what_keys_are_for()
    {
        await AccountAsync();
        var page = RenderPage<AccessKeysPage>();
        page.WaitForElement("[data-testid=access-keys-empty]", Patience);
        Assert.Contains("/aws/athena", page.Markup);
        Assert.Contains("Authorization: Bearer ACCESS_KEY_ID:SECRET", page.Markup);
    }

    [Fact]
    public async Task A_new_keys_secret_is_shown_once_with_copy_buttons_and_works()
    {
        await AccountAsync();
        var page = RenderPage<AccessKeysPage>();
        page.WaitForElement("[data-testid=access-key-list]", Patience);

        page.Find("input[data-testid=access-key-name]").Input("R notebook");
        page.Find("[data-testid=access-key-create]").Submit();

        page.WaitForElement("[data-testid=access-key-created]", Patience);
        var id = page.Find("input[data-testid=access-key-id]").GetAttribute("value")!;
        var secret = page.Find("input[data-testid=access-key-secret]").GetAttribute("value")!;
        Assert.Matches("^AKIA[A-Z2-7]{16}$", id);
        Assert.Matches("^[A-Za-z0-9]{40}$", secret);
        Assert.Contains("will not be shown again", Text(page, "access-key-secret-warning"));
        var stored = await Keys.FindAsync(id);
        Assert.Equal((secret, UserId, true), (stored?.SecretAccessKey, stored?.UserId, stored?.Active));

        page.Find("button[data-testid=access-key-copy-secret]").Click();
        Assert.Equal(secret, JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments.Single());
        page.WaitForAssertion(() => Assert.Equal("R notebook", Text(page, "access-key-row")), Patience);
        Assert.DoesNotContain(secret, page.Find("[data-testid=access-key-list]").OuterHtml);

        page.Find("button[data-testid=access-key-done]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=access-key-created]")), Patience);
        Assert.DoesNotContain(secret, page.Markup);
        Assert.Contains(id, page.Find("[data-testid=access-key-list]").TextContent);
    }

    [Fact]
    public async Task A_key_without_a_name_or_over_the_limit_is_refused_at_the_field()
    {
        await AccountAsync();
        var page = RenderPage<AccessKeysPage>();
        page.WaitForElement("[data-testid=access-key-list]", Patience);

        page.Find("input[data-testid=access-key-name]").Input("   ");
        page.Find("[data-testid=access-key-create]").Submit();
        page.WaitForAssertion(() => Assert.StartsWith("Give the key a name", FieldError(page, "access-key-name")), Patience);

        for (var i = 0; i < AnalystAccessKeyService.MaxActiveKeysPerUser; i++) Assert.Null((await Keys.CreateAsync(UserId, $"key {i}")).Error);
        page.Find("input[data-testid=access-key-name]").Input("one too many");
        page.Find("[data-testid=access-key-create]").Submit();
        page.WaitForAssertion(() => Assert.Equal($"You have {AnalystAccessKeyService.MaxActiveKeysPerUser} active access keys; revoke one first.",
            FieldError(page, "access-key-name")), Patience);
        Assert.Empty(page.FindAll("[data-testid=access-key-created]"));
    }

    [Fact]
    public async Task An_active_key_is_revoked_after_confirmation_and_then_refused()
    {
        await AccountAsync();
        var (current, _) = await Keys.CreateAsync(UserId, "current script");
        await AccountAsync("someone-else");
        await Keys.CreateAsync("someone-else", "not mine");

        var page = RenderPage<AccessKeysPage>();
        page.WaitForElement("[data-testid=access-key-row]", Patience);
        Assert.Equal(["current script"], page.FindAll("[data-testid=access-key-row]").Select(r => r.TextContent.Trim()));
        Assert.Equal("Active", Text(page, $"access-key-status-{current!.Key.Id}"));

        page.Find($"button[data-testid=access-key-revoke-{current.Key.Id}]").Click();
        page.WaitForAssertion(() => Assert.Contains("will be refused from now on", page.Find(".mud-dialog").TextContent), Patience);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.StartsWith("Revoked", Text(page, $"access-key-status-{current.Key.Id}")), Patience);
        Assert.Empty(page.FindAll($"[data-testid=access-key-revoke-{current.Key.Id}]"));
        Assert.False((await Keys.FindAsync(current.Key.AccessKeyId))!.Active);
    }
}
