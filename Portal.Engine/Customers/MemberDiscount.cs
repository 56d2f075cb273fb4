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

    public static decimal RateFor(Customer customer) =>
        customer.MembershipStatus == MembershipStatus.Active ? RateFor(customer.Tier) : 0m;
}
