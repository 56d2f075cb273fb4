namespace Portal.Engine.Analytics.Lake;

/// <summary>A secret the export needs and the lake must never hold (the customer-key HMAC key), made once, kept in the shop database.</summary>
public class LakeSecret
{
    public const string CustomerKey = "customer-key";

    public required string Name { get; set; }
    /// <summary>Base64.</summary>
    public required string Value { get; set; }
    public DateTime CreatedAt { get; set; }
}
