using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Identity.Administration;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Identity;

public sealed class SqliteUserAdministrationTests() : UserAdministrationTests(DatabaseOptions.Sqlite);

public sealed class PostgresUserAdministrationTests() : UserAdministrationTests(DatabaseOptions.Postgres);

/// <summary>The administrator's actions on accounts, on both providers: each audited, none leaving the portal without an active Admin.</summary>
public abstract class UserAdministrationTests(string provider) : ProviderSuite(provider)
{
    private const string Actor = "boss@example.com";
    private ServiceProvider? _services;

    public override async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<IServiceProvider> ServicesAsync()
    {
        if (_services is not null) return _services;
        var database = await DatabaseAsync();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddDataProtection();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(database));
        services.AddScoped<PortalDbContext>(_ => database.NewContext());
        services.AddIdentityCore<PortalUser>(o => o.Password.RequiredLength = 8).AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>().AddSignInManager().AddDefaultTokenProviders();
        services.AddUserAdministration();
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
        return _services;
    }

    private async Task<string> AccountAsync(string email, params string[] roles)
    {
        var outcome = await (await ServicesAsync()).GetRequiredService<UserAdministration>().CreateAsync(email, email, roles, Actor);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.UserId!;
    }

    private async Task<List<AuditEntry>> AuditAsync(string action)
    {
        await using var db = (await DatabaseAsync()).NewContext();
        return await db.AuditEntries.Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    [SkippableFact]
    public async Task The_last_active_admin_keeps_the_role_and_cannot_be_locked_or_deactivated()
    {
        var admin = await AccountAsync("boss@example.com", Roles.Admin);
        var administration = (await ServicesAsync()).GetRequiredService<UserAdministration>();

        var roles = await administration.SetRolesAsync(admin, [Roles.Sales], Actor);
        var locked = await administration.LockAsync(admin, Actor);
        var deactivated = await administration.DeactivateAsync(admin, Actor);

        Assert.All([roles, locked, deactivated], o => Assert.Contains("last active administrator", o.Error));
        var summary = await (await ServicesAsync()).GetRequiredService<UserDirectory>().FindAsync(admin);
        Assert.Equal([Roles.Admin], summary!.Roles);
        Assert.Equal((false, false), (summary.Locked, summary.Deactivated));
        Assert.Equal([AuditOutcome.Refused], (await AuditAsync("RolesChanged")).Select(a => a.Outcome));
        Assert.Equal([AuditOutcome.Refused], (await AuditAsync("Locked")).Select(a => a.Outcome));
        Assert.Equal([AuditOutcome.Refused], (await AuditAsync("Deactivated")).Select(a => a.Outcome));
    }

    [SkippableFact]
    public async Task With_a_second_active_admin_the_first_may_step_down_and_a_locked_admin_does_not_count()
    {
        var first = await AccountAsync("boss@example.com", Roles.Admin);
        var second = await AccountAsync("deputy@example.com", Roles.Admin);
        var administration = (await ServicesAsync()).GetRequiredService<UserAdministration>();

        Assert.True((await administration.LockAsync(second, Actor)).Succeeded);
        Assert.False((await administration.DeactivateAsync(first, Actor)).Succeeded); // the deputy is locked: the boss is the last active one
        Assert.True((await administration.UnlockAsync(second, Actor)).Succeeded);
        Assert.True((await administration.SetRolesAsync(first, [Roles.Analyst], Actor)).Succeeded);

        var directory = (await ServicesAsync()).GetRequiredService<UserDirectory>();
        Assert.Equal([Roles.Analyst], (await directory.FindAsync(first))!.Roles);
        Assert.Equal(1, await directory.ActiveAdminsAsync());
        var change = Assert.Single(await AuditAsync("RolesChanged"));
        Assert.Equal((AuditOutcome.Succeeded, Actor, "boss@example.com"), (change.Outcome, change.UserName, change.EntityId));
        Assert.Contains(AuditTrail.Changes(change), c => c.Field == "roles" && c.Before!.Contains("Admin") && c.After!.Contains("Analyst"));
    }

    [SkippableFact]
    public async Task An_invitation_token_sets_the_password_once_and_a_forced_reset_stops_the_old_one()
    {
        var services = await ServicesAsync();
        var outcome = await services.GetRequiredService<UserAdministration>().CreateAsync("new@example.com", "New Person", [Roles.Sales], Actor);
        var passwords = services.GetRequiredService<AccountPasswords>();

        Assert.Null(await passwords.SetAsync(outcome.UserId!, outcome.PasswordToken!, "first-Password1"));
        Assert.Equal(AccountPasswords.InvalidLink, await passwords.SetAsync(outcome.UserId!, outcome.PasswordToken!, "second-Password2"));
        Assert.True(await CheckPasswordAsync(services, outcome.UserId!, "first-Password1"));

        var reset = await services.GetRequiredService<UserAdministration>().ForcePasswordResetAsync(outcome.UserId!, Actor);
        Assert.True(reset.Succeeded);
        Assert.False(await CheckPasswordAsync(services, outcome.UserId!, "first-Password1"));
        Assert.Null(await passwords.SetAsync(outcome.UserId!, reset.PasswordToken!, "third-Password3"));
        Assert.True(await CheckPasswordAsync(services, outcome.UserId!, "third-Password3"));
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Failed, AuditOutcome.Succeeded], (await AuditAsync("PasswordSet")).Select(a => a.Outcome));
        Assert.Single(await AuditAsync("PasswordResetForced"));
        Assert.Single(await AuditAsync("Created"));
    }

    [SkippableFact]
    public async Task A_deactivated_account_cannot_sign_in_and_can_be_reactivated()
    {
        var services = await ServicesAsync();
        var user = await AccountAsync("leaver@example.com", Roles.Sales);
        var administration = services.GetRequiredService<UserAdministration>();
        Assert.True((await administration.DeactivateAsync(user, Actor)).Succeeded);
        Assert.False(await CanSignInAsync(services, user));
        Assert.True((await administration.ReactivateAsync(user, Actor)).Succeeded);
        Assert.True(await CanSignInAsync(services, user));
        Assert.Equal(["Deactivated", "Reactivated"], (await AuditAsync("Deactivated")).Concat(await AuditAsync("Reactivated")).Select(a => a.Action));
    }

    [SkippableFact]
    public async Task Roles_of_an_account_from_the_provider_are_read_only_here()
    {
        var services = await ServicesAsync();
        var user = await AccountAsync("sso@example.com", Roles.Analyst);
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.AddLoginAsync((await users.FindByIdAsync(user))!, new UserLoginInfo("oidc", "subject-1", "Cognito"));
        }
        var summary = await services.GetRequiredService<UserDirectory>().FindAsync(user);
        Assert.Equal(("Cognito", true), (summary!.Source, summary.IsExternal));
        var outcome = await services.GetRequiredService<UserAdministration>().SetRolesAsync(user, [Roles.Admin], Actor);
        Assert.Contains("provider's groups", outcome.Error);
        Assert.Equal([Roles.Analyst], (await services.GetRequiredService<UserDirectory>().FindAsync(user))!.Roles);
    }

    [SkippableFact]
    public async Task The_directory_searches_and_pages_in_the_database()
    {
        foreach (var name in new[] { "anna", "bert", "carla", "dora" }) await AccountAsync($"{name}@example.com", Roles.Customer);
        var directory = (await ServicesAsync()).GetRequiredService<UserDirectory>();
        var second = await directory.PageAsync(null, 1, 3);
        Assert.Equal(4, second.Total);
        Assert.Equal(["dora@example.com"], second.Users.Select(u => u.Email));
        Assert.Equal(["carla@example.com"], (await directory.PageAsync("CARL", 0, 10)).Users.Select(u => u.Email));
    }

    private static async Task<bool> CheckPasswordAsync(IServiceProvider services, string userId, string password)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await users.CheckPasswordAsync((await users.FindByIdAsync(userId))!, password);
    }

    private static async Task<bool> CanSignInAsync(IServiceProvider services, string userId)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var confirmation = scope.ServiceProvider.GetRequiredService<IUserConfirmation<PortalUser>>();
        return await confirmation.IsConfirmedAsync(users, (await users.FindByIdAsync(userId))!);
    }
}
