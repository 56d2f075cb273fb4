using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Components.Layout;
using Portal.Engine.Identity;

namespace Portal.Tests.Components;

public sealed class NavMenuTests : BunitContext, IAsyncLifetime
{
    public NavMenuTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData(Roles.Customer, new[] { "shop", "images" })]
    [InlineData(Roles.Sales, new[] { "images", "catalog" })]
    [InlineData(Roles.Logistics, new[] { "logistics" })]
    [InlineData(Roles.Analyst, new[] { "analytics", "models" })]
    [InlineData(Roles.Admin, new[] { "shop", "images", "catalog", "logistics", "analytics", "models", "admin" })]
    public void Shows_only_the_areas_of_the_role(string role, string[] expected)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized($"{role.ToLowerInvariant()}@portal.local");
        auth.SetRoles(role);

        var nav = Render<NavMenu>();

        var shown = nav.FindAll("[data-testid^=nav-]").Select(a => a.GetAttribute("data-testid")!["nav-".Length..]).ToArray();
        Assert.Equal(expected, shown);
    }

    [Fact]
    public void Signed_out_users_see_only_sign_in()
    {
        AddAuthorization();
        var nav = Render<NavMenu>();
        Assert.Empty(nav.FindAll("[data-testid^=nav-]"));
        Assert.Contains("Sign in", nav.Markup);
    }

    public Task InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
