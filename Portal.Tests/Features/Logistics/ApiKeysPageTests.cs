using Bunit;
using Portal.Engine.Identity;
using Portal.Features.Logistics;
using Portal.Tests.Features.Storefront;

namespace Portal.Tests.Features.Logistics;

/// <summary>The API keys page: create (secret shown once), list, revoke with confirmation.</summary>
public sealed class ApiKeysPageTests() : CommerceTestContext(Roles.Logistics, "logistics@portal.local")
{
    [Fact]
    public async Task A_new_keys_secret_is_shown_once_in_a_dialog_and_works()
    {
        await AccountAsync();
        var page = RenderPage<ApiKeysPage>();
        page.WaitForElement("[data-testid=api-key-list]", Patience);

        page.Find("input[data-testid=api-key-name]").Input("warehouse scanner");
        page.Find("[data-testid=api-key-create]").Submit();

        page.WaitForElement("[data-testid=api-key-secret-dialog]", Patience);
        var secret = page.Find("input[data-testid=api-key-secret]").GetAttribute("value")!;
        Assert.StartsWith("ptl_", secret);
        Assert.Contains("will not be shown again", Text(page, "api-key-secret-warning"));
        var key = await ApiKeys.ValidateAsync(secret);
        Assert.Equal(("warehouse scanner", UserId), (key?.Name, key?.UserId));
        // The list shows the key by name and prefix, never the secret.
        page.WaitForAssertion(() => Assert.Equal("warehouse scanner", Text(page, "api-key-row")), Patience);
        Assert.Contains($"ptl_{key!.Prefix}_…", page.Find("[data-testid=api-key-list]").TextContent);
        Assert.DoesNotContain(secret, page.Find("[data-testid=api-key-list]").OuterHtml);

        page.Find("button[data-testid=api-key-copy]").Click();
        Assert.Equal(secret, JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments.Single());
        page.Find("button[data-testid=api-key-secret-done]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=api-key-secret-dialog]")), Patience);
        Assert.DoesNotContain(secret, page.Markup);
        Assert.DoesNotContain(secret[("ptl_".Length + key.Prefix.Length + 1)..], page.Markup);
        Assert.Equal("", page.Find("input[data-testid=api-key-name]").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused_at_the_field()
    {
        await AccountAsync();
        var page = RenderPage<ApiKeysPage>();
        page.WaitForElement("[data-testid=api-key-list]", Patience);

        page.Find("input[data-testid=api-key-name]").Input("   ");
        page.Find("[data-testid=api-key-create]").Submit();

        page.WaitForAssertion(() => Assert.Equal("Give the key a name, e.g. the tool that will use it.", FieldError(page, "api-key-name")), Patience);
        Assert.Empty(page.FindAll("[data-testid=api-key-secret-dialog]"));
        Assert.Empty(await ApiKeys.ListAsync(UserId));
    }

    [Fact]
    public async Task Revoked_keys_show_as_revoked_and_an_active_one_is_revoked_after_confirmation()
    {
        await AccountAsync();
        var (old, _) = await ApiKeys.CreateAsync(UserId, "old script");
        var (current, _) = await ApiKeys.CreateAsync(UserId, "current script");
        Assert.True(await ApiKeys.RevokeAsync(UserId, old!.Key.Id));
        await AccountAsync("someone-else");
        await ApiKeys.CreateAsync("someone-else", "not mine");

        var page = RenderPage<ApiKeysPage>();
        page.WaitForElement("[data-testid=api-key-list]", Patience);

        Assert.Equal(["current script", "old script"], page.FindAll("[data-testid=api-key-row]").Select(r => r.TextContent.Trim()));
        Assert.StartsWith("Revoked", Text(page, $"api-key-status-{old.Key.Id}"));
        Assert.Equal("Active", Text(page, $"api-key-status-{current!.Key.Id}"));
        Assert.Empty(page.FindAll($"[data-testid=api-key-revoke-{old.Key.Id}]"));

        page.Find($"button[data-testid=api-key-revoke-{current.Key.Id}]").Click();
        page.WaitForAssertion(() => Assert.Contains("will be refused from now on", page.Find(".mud-dialog").TextContent), Patience);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.StartsWith("Revoked", Text(page, $"api-key-status-{current.Key.Id}")), Patience);
        Assert.Null(await ApiKeys.ValidateAsync(current.Secret));
    }

    [Fact]
    public void Page_links_the_api_docs_and_shows_a_curl_example_with_the_key_header()
    {
        var page = RenderPage<ApiKeysPage>();

        Assert.Equal("/api/docs", page.Find("[data-testid=api-docs-link]").GetAttribute("href"));
        var curl = Text(page, "api-curl-list");
        Assert.Contains("-H \"X-Api-Key: $PORTAL_API_KEY\"", curl);
        Assert.Contains("/api/logistics/orders?status=Paid", curl);
        Assert.Contains("Idempotency-Key", Text(page, "api-curl-ship"));
    }
}
