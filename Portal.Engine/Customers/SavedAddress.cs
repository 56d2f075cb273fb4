namespace Portal.Engine.Customers;

/// <summary>An address a customer keeps for checkout ("Home", "Office"); orders copy it, so editing it rewrites no order.</summary>
public class SavedAddress : ITimestamped
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public required string Label { get; set; }
    public required PostalAddress Address { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>What the shopper typed for an address, before it is checked; <see cref="Id"/> is set when editing one.</summary>
public sealed record AddressDraft
{
    public int? Id { get; init; }
    public string? Label { get; init; }
    public string? Line1 { get; init; }
    public string? Line2 { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }

    public static AddressDraft From(SavedAddress saved) => new()
    {
        Id = saved.Id, Label = saved.Label, Line1 = saved.Address.Line1, Line2 = saved.Address.Line2,
        PostalCode = saved.Address.PostalCode, City = saved.Address.City, Country = saved.Address.Country,
    };
}
