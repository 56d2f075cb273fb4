using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Identity;

namespace Portal.Engine.Overview;

public sealed record RoleMembers(string Role, int Users);

/// <summary>How many accounts hold each role, and how many are locked out now.</summary>
public sealed record AccountsOverview(IReadOnlyList<RoleMembers> Roles, int Users, int LockedOut)
{
    public static async Task<AccountsOverview> LoadAsync(PortalDbContext db, DateTime now, CancellationToken cancellationToken = default)
    {
        var counts = await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            group ur by r.Name into g
                            select new { Role = g.Key!, Users = g.Count() }).ToListAsync(cancellationToken);
        var roles = Identity.Roles.All.Select(role => new RoleMembers(role, counts.FirstOrDefault(c => c.Role == role)?.Users ?? 0)).ToList();
        var nowOffset = new DateTimeOffset(now, TimeSpan.Zero);
        var users = await db.Users.CountAsync(cancellationToken);
        // LockoutEnd is a DateTimeOffset, which SQLite cannot compare in SQL; the user table is small.
        var lockouts = await db.Users.Where(u => u.LockoutEnd != null).Select(u => u.LockoutEnd).ToListAsync(cancellationToken);
        return new AccountsOverview(roles, users, lockouts.Count(end => end > nowOffset));
    }
}
