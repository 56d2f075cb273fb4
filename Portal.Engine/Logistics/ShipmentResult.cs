using Portal.Engine.Ordering;

namespace Portal.Engine.Logistics;

public enum ShipmentOutcome { Ok, NotFound, Invalid, InvalidTransition }

/// <summary>What a ship or complete request came to; <see cref="Order"/> is the order as it is now.</summary>
public sealed record ShipmentResult(ShipmentOutcome Outcome, Order? Order = null, string? Message = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Outcome == ShipmentOutcome.Ok;
}
