using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Live;

/// <summary>The customer an activity entry is about, as the activity view names them.</summary>
public sealed record ActivityCustomer(int Id, string? UserId, string FullName, string Email);

/// <summary>
/// Names the customers that activity entries point at (by customer id or sign-in account), loading each one once per view.
/// </summary>
public sealed class ActivityCustomers(IDbContextFactory<PortalDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<int, ActivityCustomer?> _byId = new();
    private readonly ConcurrentDictionary<string, ActivityCustomer?> _byUser = new(StringComparer.Ordinal);

    /// <summary>Loads the customers of <paramref name="entries"/> not looked up yet.</summary>
    public async Task ResolveAsync(IEnumerable<ActivityEntry> entries, CancellationToken cancellationToken = default)
    {
        var list = entries.ToList();
        var ids = list.Select(e => e.CustomerId).OfType<int>().Distinct().Where(id => !_byId.ContainsKey(id)).ToList();
        var users = list.Select(e => e.UserId).OfType<string>().Distinct().Where(u => !_byUser.ContainsKey(u)).ToList();
        if (ids.Count == 0 && users.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = new List<ActivityCustomer>();
        foreach (var chunk in ids.Chunk(500))
            found.AddRange(await db.Customers.AsNoTracking().Where(c => chunk.Contains(c.Id))
                .Select(c => new ActivityCustomer(c.Id, c.UserId, c.FullName, c.Email)).ToListAsync(cancellationToken));
        foreach (var chunk in users.Chunk(500))
            found.AddRange(await db.Customers.AsNoTracking().Where(c => c.UserId != null && chunk.Contains(c.UserId))
                .Select(c => new ActivityCustomer(c.Id, c.UserId, c.FullName, c.Email)).ToListAsync(cancellationToken));
        foreach (var customer in found)
        {
            _byId[customer.Id] = customer;
            if (customer.UserId is not null) _byUser[customer.UserId] = customer;
        }
        // Remember who is no customer (a staff account, a deleted customer), so they are not looked up again.
        foreach (var id in ids) _byId.TryAdd(id, null);
        foreach (var user in users) _byUser.TryAdd(user, null);
    }

    /// <summary>The entry's customer, if it names one that exists (after <see cref="ResolveAsync"/>).</summary>
    public ActivityCustomer? Of(ActivityEntry entry) =>
        entry.CustomerId is { } id && _byId.TryGetValue(id, out var byId) && byId is not null ? byId
        : entry.UserId is { } user && _byUser.TryGetValue(user, out var byUser) ? byUser
        : null;
}
