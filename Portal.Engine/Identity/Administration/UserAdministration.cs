using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Auditing;

namespace Portal.Engine.Identity.Administration;

/// <summary>What an administrator's action came to: done, or refused with a message for the form; a token to hand over.</summary>
public sealed record AdminOutcome(bool Succeeded, string? Error = null, string? UserId = null, string? PasswordToken = null)
{
    public static AdminOutcome Refused(string error) => new(false, error);
}

/// <summary>
/// The administrator's actions on accounts. Each runs in its own scope (a fresh UserManager and context, so a
/// long-lived page never acts on stale copies), is refused when it would leave no active administrator, and is audited
/// (refusals too) with the acting administrator's name.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, UserDirectory directory, AuditLog audit, TimeProvider clock)
{
    public async Task<AdminOutcome> CreateAsync(string email, string displayName, IReadOnlyList<string> roles, string actor)
    {
        email = email.Trim();
        if (email.Length == 0) return await RefuseAsync(email, "Created", actor, "Enter an email address.");
        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown) return await RefuseAsync(email, "Created", actor, $"There is no role '{unknown}'.");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByEmailAsync(email) is not null) return await RefuseAsync(email, "Created", actor, $"An account with the email {email} exists already.");
        var user = new PortalUser
        {
            UserName = email, Email = email, DisplayName = displayName.Trim().Length > 0 ? displayName.Trim() : email,
            InvitedAt = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) return await RefuseAsync(email, "Created", actor, Describe(created));
        if (roles.Count > 0) Check(await users.AddToRolesAsync(user, roles));
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await audit.RecordAsync(new AuditEvent(AuditSubjects.Account, email, "Created", actor, After: new { Roles = roles, user.DisplayName }));
        return new AdminOutcome(true, UserId: user.Id, PasswordToken: token);
    }

    public Task<AdminOutcome> SetRolesAsync(string userId, IReadOnlyList<string> roles, string actor) =>
        ActAsync(userId, "RolesChanged", actor, async (users, user, summary) =>
        {
            if (summary.IsExternal) return $"{summary.Email} signs in with {summary.Source}; the provider's groups decide the roles.";
            if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown) return $"There is no role '{unknown}'.";
            if (summary.IsActiveAdmin && !roles.Contains(Roles.Admin) && await LastAdminAsync())
                return LastAdminMessage(summary, "lose the Admin role");
            var remove = summary.Roles.Where(r => !roles.Contains(r)).ToList();
            var add = roles.Where(r => !summary.Roles.Contains(r)).ToList();
            if (remove.Count > 0) Check(await users.RemoveFromRolesAsync(user, remove));
            if (add.Count > 0) Check(await users.AddToRolesAsync(user, add));
            return null;
        }, summary => new { summary.Roles }, () => new { Roles = roles });

    public Task<AdminOutcome> LockAsync(string userId, string actor) =>
        ActAsync(userId, "Locked", actor, async (users, user, summary) =>
        {
            if (summary.IsActiveAdmin && await LastAdminAsync()) return LastAdminMessage(summary, "be locked");
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            return null;
        });

    public Task<AdminOutcome> UnlockAsync(string userId, string actor) =>
        ActAsync(userId, "Unlocked", actor, async (users, user, _) =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            return null;
        });

    public Task<AdminOutcome> DeactivateAsync(string userId, string actor) =>
        ActAsync(userId, "Deactivated", actor, async (users, user, summary) =>
        {
            if (summary.IsActiveAdmin && await LastAdminAsync()) return LastAdminMessage(summary, "be deactivated");
            user.DeactivatedAt = clock.GetUtcNow().UtcDateTime;
            Check(await users.UpdateAsync(user));
            return null;
        });

    public Task<AdminOutcome> ReactivateAsync(string userId, string actor) =>
        ActAsync(userId, "Reactivated", actor, async (users, user, _) =>
        {
            user.DeactivatedAt = null;
            Check(await users.UpdateAsync(user));
            return null;
        });

    /// <summary>Removes the password (it stops working at once) and gives a token for a link that sets a new one.</summary>
    public async Task<AdminOutcome> ForcePasswordResetAsync(string userId, string actor)
    {
        var outcome = await ActAsync(userId, "PasswordResetForced", actor, async (users, user, summary) =>
        {
            if (summary.IsExternal) return $"{summary.Email} signs in with {summary.Source}; the password is the provider's.";
            if (await users.HasPasswordAsync(user)) Check(await users.RemovePasswordAsync(user));
            return null;
        });
        if (!outcome.Succeeded) return outcome;
        // Made after the new security stamp, which the token carries.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return outcome with { PasswordToken = await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(userId))!) };
    }

    private async Task<bool> LastAdminAsync() => await directory.ActiveAdminsAsync() <= 1;

    private static string LastAdminMessage(UserSummary summary, string what) =>
        $"{summary.Email} is the last active administrator and cannot {what}: give another account the Admin role first.";

    /// <summary>
    /// Loads the account, runs <paramref name="act"/> (null: done; else the refusal), ends the account's other sessions
    /// at their next check (a new security stamp) and audits the outcome.
    /// </summary>
    private async Task<AdminOutcome> ActAsync(string userId, string action, string actor,
        Func<UserManager<PortalUser>, PortalUser, UserSummary, Task<string?>> act,
        Func<UserSummary, object>? before = null, Func<object>? after = null)
    {
        var summary = await directory.FindAsync(userId);
        if (summary is null) return await RefuseAsync(userId, action, actor, "There is no such account.");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return await RefuseAsync(userId, action, actor, "There is no such account.");
        if (await act(users, user, summary) is { } refusal) return await RefuseAsync(summary.Email, action, actor, refusal);
        Check(await users.UpdateSecurityStampAsync(user));
        await audit.RecordAsync(new AuditEvent(AuditSubjects.Account, summary.Email, action, actor, Before: before?.Invoke(summary), After: after?.Invoke()));
        return new AdminOutcome(true, UserId: userId);
    }

    private async Task<AdminOutcome> RefuseAsync(string subject, string action, string actor, string error)
    {
        await audit.RecordAsync(new AuditEvent(AuditSubjects.Account, subject.Length > 0 ? subject : "-", action, actor, AuditOutcome.Refused, error));
        return AdminOutcome.Refused(error);
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(Describe(result));
    }
}
