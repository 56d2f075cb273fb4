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

    [Fact]
    public void Dark_mode_toggle_switches_the_theme_and_back()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        string Tooltip() => layout.FindComponent<MudBlazor.MudTooltip>().Instance.Text ?? "";
        // The theme provider writes the palette it is told to use into the page's CSS variables.
        string Background() => layout.FindComponent<MudBlazor.MudThemeProvider>().Markup;
        Assert.Equal("Dark mode", Tooltip());
        var light = Background();

        layout.Find("[data-testid=dark-mode-toggle]").Click();
        Assert.Equal("Light mode", Tooltip());
        Assert.NotEqual(light, Background());

        layout.Find("[data-testid=dark-mode-toggle]").Click();
        Assert.Equal("Dark mode", Tooltip());
        Assert.Equal(light, Background());
    }

    [Fact]
    public void Prerenders_in_the_theme_the_cookie_remembers()
    {
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        request.Request.Headers.Cookie = $"{MainLayout.ThemeCookie}=dark";
        var layout = Render<MainLayout>(p => p
            .AddCascadingValue<Microsoft.AspNetCore.Http.HttpContext>(request)
            .Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        Assert.True(layout.Instance.DarkMode);
        Assert.Equal("Light mode", layout.FindComponent<MudBlazor.MudTooltip>().Instance.Text);

        layout.Find("[data-testid=dark-mode-toggle]").Click();
        Assert.False(layout.Instance.DarkMode);
        Assert.Equal("light", JSInterop.Invocations["portalTheme.remember"].Last().Arguments[0]);
    }

    [Fact]
    public void Shows_who_is_signed_in_a_sign_out_form_and_the_page()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        Assert.Equal("sales@portal.local", layout.Find("[data-testid=signed-in-user]").TextContent);
        Assert.Equal("/account/signout", layout.Find("form").GetAttribute("action"));
        Assert.Contains("page body", layout.Markup);
        Assert.Equal("true", layout.Find("[data-interactive]").GetAttribute("data-interactive"));
    }

    public Task InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
