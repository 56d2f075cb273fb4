using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Composition;
using Portal.Engine.Auditing;
using Portal.Engine.Identity;

namespace Portal.Features.Account;

/// <summary>
/// Turns a user the OIDC provider vouched for into a signed-in portal user: finds the local account linked to
/// the external login (or creates one from the token's email and name), makes its roles the provider's groups
/// (unknown groups ignored), and signs it in with the portal's own cookie.
/// </summary>
/// <remarks>
/// A local account that already uses the email but is not linked is never taken over: the sign-in fails with
/// <see cref="Failures.EmailTaken"/> (linking existing password accounts is an administrator's decision).
/// </remarks>
public sealed class ExternalAccounts(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    IOptions<OidcOptions> options,
    AuditLog audit,
    ILogger<ExternalAccounts> logger)
{
    public static class Failures
    {
        public const string Provider = "provider";
        public const string Expired = "expired";
        public const string NoSubject = "no-subject";
        public const string NoEmail = "no-email";
        public const string EmailTaken = "email-taken";
        public const string Locked = "locked";
        public const string NotAllowed = "not-allowed";
        public const string Create = "create";
    }

    public sealed record Outcome(PortalUser? User, string? Failure, IReadOnlyList<string> Roles)
    {
        public bool Succeeded => Failure is null;
    }

    /// <summary>Links or creates the local user for <paramref name="external"/>, syncs its roles and signs it in; audited.</summary>
    public async Task<Outcome> SignInAsync(ClaimsPrincipal external)
    {
        var outcome = await LinkAndSignInAsync(external);
        var who = outcome.User?.Email ?? external.FindFirstValue(OidcClaims.Email) ?? external.FindFirstValue(OidcClaims.Subject) ?? "(unknown)";
        await audit.RecordAsync(new AuditEvent(AuditSubjects.Account, who, "SignIn", who,
            outcome.Succeeded ? AuditOutcome.Succeeded : outcome.Failure is Failures.Locked or Failures.NotAllowed ? AuditOutcome.Refused : AuditOutcome.Failed,
            outcome.Succeeded ? $"{options.Value.DisplayName} as {(outcome.Roles.Count == 0 ? "(no role)" : string.Join(", ", outcome.Roles))}" : $"{options.Value.DisplayName}: {outcome.Failure}"));
        return outcome;
    }

    private async Task<Outcome> LinkAndSignInAsync(ClaimsPrincipal external)
    {
        var (user, failure) = await FindOrCreateAsync(external);
        if (user is null) return new Outcome(null, failure, []);
        if (await users.IsLockedOutAsync(user)) return new Outcome(user, Failures.Locked, []);
        if (!await signIn.CanSignInAsync(user)) return new Outcome(user, Failures.NotAllowed, []);

        await UpdateProfileAsync(user, external);
        var roles = OidcClaims.PortalRoles(external.Claims, options.Value.RoleClaim);
        await SyncRolesAsync(user, roles);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: OidcComposition.OidcScheme);
        logger.LogInformation("{User} signed in with {Provider} as {Roles}", user.Email, options.Value.DisplayName, roles.Count == 0 ? "(no role)" : string.Join(", ", roles));
        return new Outcome(user, null, roles);
    }

    private async Task<(PortalUser? User, string? Failure)> FindOrCreateAsync(ClaimsPrincipal external)
    {
        var subject = external.FindFirstValue(OidcClaims.Subject);
        if (string.IsNullOrWhiteSpace(subject)) return (null, Failures.NoSubject);

        var user = await users.FindByLoginAsync(OidcComposition.OidcScheme, subject);
        if (user is not null) return (user, null);

        var email = external.FindFirstValue(OidcClaims.Email)?.Trim();
        if (string.IsNullOrEmpty(email)) return (null, Failures.NoEmail);
        if (await users.FindByEmailAsync(email) is not null)
        {
            logger.LogWarning("{Provider} user {Subject} has the email of an existing local account {Email}; not linked", options.Value.DisplayName, subject, email);
            return (null, Failures.EmailTaken);
        }

        user = new PortalUser
        {
            // Like the local accounts, named by the email; by the provider's subject if the email has characters user names may not.
            UserName = UserNameAllowed(email) ? email : $"oidc-{subject}",
            Email = email,
            EmailConfirmed = EmailVerified(external),
            DisplayName = external.FindFirstValue(OidcClaims.DisplayName) ?? email,
        };
        var created = await users.CreateAsync(user);
        if (created.Succeeded)
        {
            var linked = await users.AddLoginAsync(user, new UserLoginInfo(OidcComposition.OidcScheme, subject, options.Value.DisplayName));
            if (linked.Succeeded) return (user, null);
            await users.DeleteAsync(user); // no unlinked leftover that would later block this email
            created = linked;
        }

        // A parallel first sign-in of the same user may have won the race.
        if (await users.FindByLoginAsync(OidcComposition.OidcScheme, subject) is { } raced) return (raced, null);
        logger.LogWarning("Could not create the account for {Provider} user {Subject}: {Errors}", options.Value.DisplayName, subject,
            string.Join("; ", created.Errors.Select(e => e.Description)));
        return (null, Failures.Create);
    }

    /// <summary>Keeps the display name and the email confirmation in step with the provider.</summary>
    private async Task UpdateProfileAsync(PortalUser user, ClaimsPrincipal external)
    {
        var changed = false;
        if (external.FindFirstValue(OidcClaims.DisplayName) is { Length: > 0 } name && name != user.DisplayName)
        {
            user.DisplayName = name;
            changed = true;
        }
        if (EmailVerified(external) && !user.EmailConfirmed
            && string.Equals(external.FindFirstValue(OidcClaims.Email), user.Email, StringComparison.OrdinalIgnoreCase))
        {
            user.EmailConfirmed = true;
            changed = true;
        }
        if (changed) await users.UpdateAsync(user);
    }

    /// <summary>Makes the user's portal roles exactly <paramref name="roles"/>.</summary>
    private async Task SyncRolesAsync(PortalUser user, IReadOnlyList<string> roles)
    {
        var current = await users.GetRolesAsync(user);
        var missing = roles.Where(r => !current.Contains(r)).ToList();
        var extra = current.Where(r => Roles.All.Contains(r) && !roles.Contains(r)).ToList();
        if (missing.Count > 0) Check(await users.AddToRolesAsync(user, missing), "add roles");
        if (extra.Count > 0) Check(await users.RemoveFromRolesAsync(user, extra), "remove roles");
        // Other sessions of this user pick up the change at their next security-stamp check.
        if (missing.Count > 0 || extra.Count > 0) Check(await users.UpdateSecurityStampAsync(user), "update the security stamp");
    }

    private bool UserNameAllowed(string name) =>
        users.Options.User.AllowedUserNameCharacters is not { Length: > 0 } allowed || name.All(allowed.Contains);

    private static bool EmailVerified(ClaimsPrincipal external) =>
        bool.TryParse(external.FindFirstValue(OidcClaims.EmailVerified), out var verified) && verified;

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
