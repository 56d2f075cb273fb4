using Microsoft.AspNetCore.Identity;
using Portal.Engine.Auditing;

namespace Portal.Features.Account;

/// <summary>A password sign-in attempt as the audit trail records it: whom it named, and how it ended.</summary>
public static class SignInAudit
{
    public const string Action = "SignIn";

    public static AuditEvent Of(string email, SignInResult result) => result switch
    {
        { Succeeded: true } => new(AuditSubjects.Account, email, Action, email),
        // The lockout that this attempt started, or one still running: the account is shut until it ends.
        { IsLockedOut: true } => new(AuditSubjects.Account, email, "LockedOut", email, AuditOutcome.Refused, "Locked out after repeated failed sign-ins, or by an administrator."),
        { IsNotAllowed: true } => new(AuditSubjects.Account, email, Action, email, AuditOutcome.Refused, "The account may not sign in (deactivated)."),
        _ => new(AuditSubjects.Account, email, Action, email, AuditOutcome.Failed, "Wrong password, or no such account."),
    };
}
