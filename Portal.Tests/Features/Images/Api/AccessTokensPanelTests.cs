using Bunit;
using Portal.Engine.ApiKeys;
using Portal.Engine.Identity;
using Portal.Features.Images.Api;
using Portal.Tests.Features.Storefront;

namespace Portal.Tests.Features.Images.Api;

/// <summary>The access tokens on My images: create one (shown once, with its expiry), see it listed, revoke it.</summary>
public sealed class AccessTokensPanelTests() : CommerceTestContext(Roles.Customer, "cleo@example.com")
{
    [Fact]
    public async Task A_new_token_is_shown_once_works_for_the_image_api_and_expires_as_chosen()
    {
        await AccountAsync();
        var page = RenderPage<AccessTokensPanel>(p => p.Add(t => t.UserId, UserId));
        page.WaitForElement("[data-testid=api-keys-empty]", Patience);
        Assert.Contains("Authorization: Bearer $PORTAL_TOKEN", Text(page, "access-tokens-curl"));

        page.Find("input[data-testid=api-key-name]").Input("photo sync");
        page.Find("select[data-testid=api-key-expiry]").Change("30");
        page.Find("[data-testid=api-key-create]").Submit();

        page.WaitForElement("[data-testid=api-key-secret-dialog]", Patience);
        var secret = page.Find("input[data-testid=api-key-secret]").GetAttribute("value")!;
        Assert.StartsWith("pat_", secret);
        Assert.Contains("Authorization: Bearer pat_…", page.Find("[data-testid=api-key-secret-dialog]").TextContent);
        var token = await ApiKeys.ValidateAsync(secret);
        Assert.Equal(("photo sync", ApiKeyScope.Images), (token?.Name, token?.Scope));
        Assert.InRange(token!.ExpiresAt!.Value, DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(30));
        page.WaitForAssertion(() => Assert.Equal("photo sync", Text(page, "api-key-row")), Patience);
        Assert.Contains($"pat_{token.Prefix}_…", page.Find("[data-testid=api-key-list]").TextContent);

        page.Find("button[data-testid=api-key-secret-done]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=api-key-secret-dialog]")), Patience);
        Assert.DoesNotContain(secret, page.Markup);
    }

    [Fact]
    public async Task Only_image_tokens_are_listed_and_one_is_revoked_after_confirmation()
    {
        await AccountAsync();
        var (token, _) = await ApiKeys.CreateAsync(UserId, "nightly backup", ApiKeyScope.Images, null);
        await ApiKeys.CreateAsync(UserId, "a logistics key");

        var page = RenderPage<AccessTokensPanel>(p => p.Add(t => t.UserId, UserId));
        page.WaitForElement("[data-testid=api-key-list]", Patience);
        Assert.Equal(["nightly backup"], page.FindAll("[data-testid=api-key-row]").Select(r => r.TextContent.Trim()));
        Assert.Equal("Active", Text(page, $"api-key-status-{token!.Key.Id}"));

        page.Find($"button[data-testid=api-key-revoke-{token.Key.Id}]").Click();
        page.WaitForAssertion(() => Assert.Contains("will be refused from now on", page.Find(".mud-dialog").TextContent), Patience);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.StartsWith("Revoked", Text(page, $"api-key-status-{token.Key.Id}")), Patience);
        Assert.Equal(ApiKeyRefusal.Revoked, (await ApiKeys.CheckAsync(token.Secret)).Refusal);
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused_at_the_field()
    {
        await AccountAsync();
        var page = RenderPage<AccessTokensPanel>(p => p.Add(t => t.UserId, UserId));
        page.WaitForElement("[data-testid=api-key-list]", Patience);

        page.Find("[data-testid=api-key-create]").Submit();

        page.WaitForAssertion(() => Assert.Equal("Give the token a name, e.g. the tool that will use it.", FieldError(page, "api-key-name")), Patience);
        Assert.Empty(await ApiKeys.ListAsync(UserId, ApiKeyScope.Images));
    }
}
