using Portal.Components;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;

namespace Portal.Features.Admin.Activity;

/// <summary>One line saying what an event means, for the activity view (the data itself is one click away).</summary>
public static class ActivitySummary
{
    public static string Of(ActivityEntry entry) => entry.Event switch
    {
        OrderPlaced e => $"Order #{e.OrderId} placed: {Formats.Money(e.Total, e.Currency)}, {Formats.Count(e.Lines.Sum(l => l.Quantity))} item(s)",
        OrderShipped e => $"Order #{e.OrderId} shipped with {e.Carrier} ({e.TrackingNumber})",
        OrderCompleted e => $"Order #{e.OrderId} completed",
        CatalogItemChanged e => $"Item {e.ItemId} {e.Change.ToString().ToLowerInvariant()} by {e.ChangedBy}",
        StockChanged e => $"Stock of item {e.ItemId} now {Formats.Count(e.Stock)} ({(e.Delta >= 0 ? "+" : "−")}{Formats.Count(Math.Abs(e.Delta))}, {e.Reason})",
        ImageUploaded e => $"Image {e.FileName} uploaded ({Formats.Count(e.SizeBytes)} bytes)",
        ImageProcessingStarted e => $"Image processing started (attempt {e.Attempt})",
        ImageProcessed { Ready: true } => "Image ready",
        ImageProcessed e => $"Image failed: {e.FailureReason}",
        ImageDeleted => "Image deleted",
        ImageTagged e => e.Labels.Count == 0 ? "Image tags cleared" : $"Image tagged {string.Join(", ", e.Labels)} (model version {e.ModelVersionId})",
        ProductViewed e => $"Item {e.ItemId} viewed",
        SearchMade e => $"Searched \"{e.Query}\": {Formats.Count(e.ResultCount)} result(s)",
        AddedToCart e => $"{Formats.Count(e.Quantity)} × item {e.ItemId} added to a cart",
        null => $"Not readable: {entry.Problem}",
        var other => other.GetType().Name,
    };
}
