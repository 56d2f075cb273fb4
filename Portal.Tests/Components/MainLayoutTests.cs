using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Components.Layout;
using Portal.Engine.Identity;

namespace Portal.Tests.Components;

public sealed class MainLayoutTests : BunitContext, IAsyncLifetime
{
    public MainLayoutTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        var auth = AddAuthorization();
        auth.SetAuthorized("sales@portal.local");
        auth.SetRoles(Roles.Sales);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<MainLayout> RenderLayout(Action<ComponentParameterCollectionBuilder<MainLayout>>? more = null) =>
        Render<MainLayout>(p =>
        {
            p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body")));
            more?.Invoke(p);
        });

    /// <summary>Opens the account menu (unless open) and returns the text of its dark-mode item.</summary>
    private static string OpenAccountMenu(IRenderedComponent<MainLayout> layout)
    {
        if (layout.Find("[data-testid=account-menu] .mud-menu-button-activator").GetAttribute("aria-expanded") != "true")
            layout.InvokeAsync(() => layout.Find("[data-testid=account-menu] .mud-menu-button-activator").Click()).GetAwaiter().GetResult();
        layout.WaitForAssertion(() => Assert.Equal("true", layout.Find("[data-testid=account-menu] .mud-menu-button-activator").GetAttribute("aria-expanded")));
        return layout.Find("[data-testid=dark-mode-toggle]").TextContent.Trim();
    }

    [Fact]
    public void Dark_mode_in_the_account_menu_switches_the_theme_and_back()
    {
        var layout = RenderLayout();
        // The theme provider writes the palette it is told to use into the page's CSS variables.
        string Background() => layout.FindComponent<MudBlazor.MudThemeProvider>().Markup;
        Assert.Equal("Dark mode", OpenAccountMenu(layout));
        var light = Background();

        layout.Find("[data-testid=dark-mode-toggle]").Click();
        layout.WaitForAssertion(() => Assert.Equal("false", layout.Find("[data-testid=account-menu] .mud-menu-button-activator").GetAttribute("aria-expanded")));
        Assert.Equal("Light mode", OpenAccountMenu(layout));
        Assert.NotEqual(light, Background());

        layout.Find("[data-testid=dark-mode-toggle]").Click();
        layout.WaitForAssertion(() => Assert.Equal("false", layout.Find("[data-testid=account-menu] .mud-menu-button-activator").GetAttribute("aria-expanded")));
        Assert.Equal("Dark mode", OpenAccountMenu(layout));
        Assert.Equal(light, Background());
    }

    [Fact]
    public void Prerenders_in_the_theme_the_cookie_remembers()
    {
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        request.Request.Headers.Cookie = $"{MainLayout.ThemeCookie}=dark";
        var layout = RenderLayout(p => p.AddCascadingValue<Microsoft.AspNetCore.Http.HttpContext>(request));
        Assert.True(layout.Instance.DarkMode);
        Assert.Equal("Light mode", OpenAccountMenu(layout));

        layout.Find("[data-testid=dark-mode-toggle]").Click();
        layout.WaitForAssertion(() => Assert.False(layout.Instance.DarkMode));
        Assert.Equal("light", JSInterop.Invocations["portalTheme.remember"].Last().Arguments[0]);
    }

    [Fact]
    public void The_account_menu_names_the_user_and_signs_out_through_the_form()
    {
        var layout = RenderLayout();
        var button = layout.Find("[data-testid=account-menu] .mud-menu-button-activator");
        Assert.Equal("menu", button.GetAttribute("aria-haspopup"));
        Assert.Equal("false", button.GetAttribute("aria-expanded"));
        OpenAccountMenu(layout);
        Assert.Equal("true", layout.Find("[data-testid=account-menu] .mud-menu-button-activator").GetAttribute("aria-expanded"));
        Assert.Equal("sales@portal.local", layout.Find("[data-testid=signed-in-user]").TextContent.Trim());

        layout.Find("[data-testid=sign-out]").Click();

        layout.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["portalAccount.signOut"]));
        Assert.Equal("/account/signout", layout.Find("form#sign-out-form").GetAttribute("action"));
    }

    [Fact]
    public void Without_a_circuit_the_name_and_a_sign_out_button_show_in_the_bar()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var layout = RenderLayout();
        Assert.Equal("sales@portal.local", layout.Find("[data-testid=signed-in-user]").TextContent);
        Assert.Equal("submit", layout.Find("form#sign-out-form [data-testid=sign-out]").GetAttribute("type"));
        Assert.Empty(layout.FindAll("[data-testid=account-menu] .mud-menu-button-activator"));
        Assert.Equal("false", layout.Find("[data-interactive]").GetAttribute("data-interactive"));
    }

    [Fact]
    public void A_skip_link_comes_first_and_the_page_is_in_the_main_landmark()
    {
        var layout = RenderLayout();
        var focusable = layout.FindAll("a[href], button, input, [tabindex]:not([tabindex='-1'])");
        Assert.Equal("skip-link", focusable[0].GetAttribute("data-testid"));
        Assert.Equal("#main-content", focusable[0].GetAttribute("href"));
        var main = Assert.Single(layout.FindAll("main"));
        Assert.Equal("main-content", main.Id);
        Assert.Equal("-1", main.GetAttribute("tabindex"));
        Assert.Contains("page body", main.TextContent);
        Assert.Equal("true", layout.Find("[data-interactive]").GetAttribute("data-interactive"));
    }

    public Task InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
