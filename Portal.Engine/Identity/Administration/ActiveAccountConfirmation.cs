using Microsoft.AspNetCore.Identity;

namespace Portal.Engine.Identity.Administration;

/// <summary>A deactivated account cannot sign in (password or OpenID Connect): SignInManager asks this before every sign-in.</summary>
public sealed class ActiveAccountConfirmation : IUserConfirmation<PortalUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(user.DeactivatedAt is null);
}
