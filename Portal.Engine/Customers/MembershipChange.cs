namespace Portal.Engine.Customers;

/// <summary>
/// A customer's tier from a point in time on: the history that tells which tier a customer had when they placed an
/// order, and how customers move between tiers. Recorded whenever a customer is created or their tier changes.
/// </summary>
public class MembershipChange
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public MembershipTier Tier { get; set; }
    public DateTime EffectiveFrom { get; set; }
}
