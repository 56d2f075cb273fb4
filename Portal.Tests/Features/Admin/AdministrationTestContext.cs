using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Identity.Administration;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>The Users and Audit trail pages on a migrated SQLite database with Identity's real stores, signed in as an administrator.</summary>
public abstract class AdministrationTestContext : BunitContext, IAsyncLifetime
{
    protected const string Admin = "boss@example.com";
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check

    protected SqliteTestDatabase Database { get; } = new();

    protected AdministrationTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddDataProtection();
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(Database));
        Services.AddScoped<PortalDbContext>(_ => Database.NewContext());
        Services.AddIdentityCore<PortalUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<PortalDbContext>().AddDefaultTokenProviders();
        Services.AddUserAdministration();
        var auth = AddAuthorization();
        auth.SetAuthorized(Admin);
        auth.SetRoles(Roles.Admin);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async Task InitializeAsync()
    {
        await Database.MigrateAsync();
        await using var scope = Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected async Task<string> AccountAsync(string email, params string[] roles)
    {
        var outcome = await Services.GetRequiredService<UserAdministration>().CreateAsync(email, email, roles, "seed");
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.UserId!;
    }

    protected async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = Database.NewContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    protected IRenderedComponent<PageHost> RenderPage<TPage>() where TPage : IComponent => Render<PageHost>(host => host.AddChildContent<TPage>());
}
