using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Portal.Engine.Customers;

/// <summary>
/// Adds a <see cref="MembershipChange"/> for every customer being created (from their MemberSince) and every tier change
/// being saved (from now), so no code path that sets <see cref="Customer.Tier"/> can forget the history. A new customer
/// that already comes with its own history (the demo's) keeps it.
/// </summary>
internal static class MembershipHistory
{
    public static void Record(ChangeTracker tracker, DateTime now)
    {
        var customers = tracker.Entries<Customer>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        if (customers.Count == 0) return;
        var withHistory = tracker.Entries<MembershipChange>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity.Customer).OfType<Customer>().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var entry in customers)
        {
            var customer = entry.Entity;
            if (withHistory.Contains(customer)) continue;
            if (entry.State == EntityState.Added)
                tracker.Context.Add(new MembershipChange { Customer = customer, Tier = customer.Tier, EffectiveFrom = customer.MemberSince == default ? now : customer.MemberSince });
            else if (entry.Property(c => c.Tier).IsModified && !Equals(entry.Property(c => c.Tier).OriginalValue, customer.Tier))
                tracker.Context.Add(new MembershipChange { CustomerId = customer.Id, Tier = customer.Tier, EffectiveFrom = now });
        }
    }
}
