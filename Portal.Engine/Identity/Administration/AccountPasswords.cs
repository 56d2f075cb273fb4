using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Auditing;

namespace Portal.Engine.Identity.Administration;

/// <summary>Sets a password from the token of an invitation or a forced reset (the link's page); audited.</summary>
public sealed class AccountPasswords(IServiceScopeFactory scopes, AuditLog audit)
{
    public const string InvalidLink = "This link is not valid any more (it expired, or was used). Ask an administrator for a new one.";

    /// <summary>Null when set; else what to tell the person on the link's page.</summary>
    public async Task<string?> SetAsync(string userId, string token, string password)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.DeactivatedAt is not null) return InvalidLink;
        var result = await users.ResetPasswordAsync(user, token, password);
        var subject = user.Email ?? user.Id;
        if (!result.Succeeded)
        {
            var invalidToken = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            var error = invalidToken ? InvalidLink : string.Join(" ", result.Errors.Select(e => e.Description));
            await audit.RecordAsync(new AuditEvent(AuditSubjects.Account, subject, "PasswordSet", subject, AuditOutcome.Failed, error));
            return error;
        }
        if (!user.EmailConfirmed)
        {
            // Whoever opened the link received the invitation: the address is theirs.
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }
        await audit.RecordAsync(new AuditEvent(AuditSubjects.Account, subject, "PasswordSet", subject));
        return null;
    }
}
