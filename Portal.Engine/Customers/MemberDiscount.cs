namespace Portal.Engine.Customers;

/// <summary>The discount an active member gets on every order, by tier.</summary>
public static class MemberDiscount
{
    public static decimal RateFor(MembershipTier tier) => tier switch
    {
        MembershipTier.Silver => 0.05m,
        MembershipTier.Gold => 0.10m,
        MembershipTier.Platinum => 0.15m,
        _ => 0m,
    };

    /// <summary>The member's rate at <paramref name="now"/>: nothing once the membership ended or expired.</summary>
    public static decimal RateFor(Customer customer, DateTime now) =>
        IsCurrent(customer, now) ? RateFor(customer.Tier) : 0m;

    public static bool IsCurrent(Customer customer, DateTime now) =>
        customer.MembershipStatus == MembershipStatus.Active && (customer.MembershipExpiresAt is null || customer.MembershipExpiresAt > now);
}
