namespace Portal.Engine.Customers;

public enum MembershipTier { Basic, Silver, Gold, Platinum }

public enum MembershipStatus { Active, Expired, Cancelled }

/// <summary>A shopper with a membership; linked to a sign-in account when they have one.</summary>
public class Customer : ITimestamped
{
    public int Id { get; set; }
    public string? UserId { get; set; }
    public required string Email { get; set; }
    public required string FullName { get; set; }
    public required PostalAddress ShippingAddress { get; set; }
    public MembershipTier Tier { get; set; }
    public MembershipStatus MembershipStatus { get; set; }
    public DateTime MemberSince { get; set; }
    public DateTime? MembershipExpiresAt { get; set; }
    /// <summary>When the customer last looked at their shipment notices; orders shipped later are new to them.</summary>
    public DateTime? ShipmentsSeenAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Where an order goes; copied onto each order so later moves do not rewrite history.</summary>
public record PostalAddress
{
    public required string Line1 { get; init; }
    public string? Line2 { get; init; }
    public required string PostalCode { get; init; }
    public required string City { get; init; }
    public required string Country { get; init; }
}
