using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Identity.Administration;

/// <summary>One account as the user administration lists it.</summary>
/// <param name="Source">"Local" for a password account, else the OpenID Connect provider's display name.</param>
public sealed record UserSummary(string Id, string Email, string DisplayName, string Source, IReadOnlyList<string> Roles,
    bool Locked, bool Deactivated, bool HasPassword)
{
    public const string LocalSource = "Local";
    public bool IsExternal => Source != LocalSource;
    public bool IsActiveAdmin => Roles.Contains(Identity.Roles.Admin) && !Locked && !Deactivated;
}

public sealed record UserPage(IReadOnlyList<UserSummary> Users, int Total);

/// <summary>Lists and finds accounts (paged, searched in the database by email and name).</summary>
public sealed class UserDirectory(IDbContextFactory<PortalDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<UserPage> PageAsync(string? search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            users = users.Where(u => EF.Functions.Like(UnicodeCase.Lower(u.Email!), pattern, "\\")
                                  || EF.Functions.Like(UnicodeCase.Lower(u.DisplayName), pattern, "\\"));
        }
        var total = await users.CountAsync(cancellationToken);
        var rows = await users.OrderBy(u => u.Email).Skip(Math.Max(page, 0) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new UserPage(await SummariesAsync(db, rows, cancellationToken), total);
    }

    public async Task<UserSummary?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? null : (await SummariesAsync(db, [user], cancellationToken))[0];
    }

    /// <summary>Accounts in the Admin role that can sign in now (not locked, not deactivated).</summary>
    public async Task<int> ActiveAdminsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var admins = await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            join u in db.Users on ur.UserId equals u.Id
                            where r.Name == Roles.Admin && u.DeactivatedAt == null
                            select u.LockoutEnd).ToListAsync(cancellationToken);
        // LockoutEnd is compared here: SQLite cannot order DateTimeOffset values in a query.
        return admins.Count(end => end is null || end <= now);
    }

    private async Task<List<UserSummary>> SummariesAsync(PortalDbContext db, List<PortalUser> users, CancellationToken cancellationToken)
    {
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var logins = await db.UserLogins.Where(l => ids.Contains(l.UserId))
            .Select(l => new { l.UserId, l.LoginProvider, l.ProviderDisplayName }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return users.Select(u => new UserSummary(
            u.Id, u.Email ?? u.UserName ?? "", u.DisplayName,
            logins.Where(l => l.UserId == u.Id).Select(l => l.ProviderDisplayName ?? l.LoginProvider).FirstOrDefault() ?? UserSummary.LocalSource,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(),
            u.LockoutEnd is { } end && end > now,
            u.DeactivatedAt is not null,
            u.PasswordHash is not null)).ToList();
    }
}
