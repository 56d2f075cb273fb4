namespace Portal.Engine.Messaging.Events;

/// <summary>
/// A customer uploaded an original. The bytes stay in the object store (claim check): the event names the object, its size
/// and SHA-256, never carries it.
/// </summary>
[EventType(EventFamilies.Images, "uploaded", 1)]
public sealed record ImageUploaded(Guid ImageId, string OwnerUserId, string ObjectKey, long SizeBytes, string Sha256,
    string ContentType, string FileName) : IIntegrationEvent
{
    public string AggregateKey => ImageId.ToString("N");
    public string Subject => $"images/{ImageId:N}";
}

/// <summary>The worker started processing an image (Uploaded → Processing).</summary>
[EventType(EventFamilies.Images, "processing", 1)]
public sealed record ImageProcessingStarted(Guid ImageId, string OwnerUserId, int Attempt) : IIntegrationEvent
{
    public string AggregateKey => ImageId.ToString("N");
    public string Subject => $"images/{ImageId:N}";
}

/// <summary>The worker finished an image: <paramref name="Ready"/>, or failed with <paramref name="FailureReason"/>.</summary>
[EventType(EventFamilies.Images, "processed", 1)]
public sealed record ImageProcessed(Guid ImageId, string OwnerUserId, bool Ready, string? FailureReason) : IIntegrationEvent
{
    public string AggregateKey => ImageId.ToString("N");
    public string Subject => $"images/{ImageId:N}";
}

[EventType(EventFamilies.Images, "deleted", 1)]
public sealed record ImageDeleted(Guid ImageId, string OwnerUserId) : IIntegrationEvent
{
    public string AggregateKey => ImageId.ToString("N");
    public string Subject => $"images/{ImageId:N}";
}

/// <summary>
/// An image's auto-tags were written (the tag endpoint's model predicted them), so pages showing them can refresh. Written
/// with the tags in one transaction.
/// </summary>
[EventType(EventFamilies.Images, "tagged", 1)]
public sealed record ImageTagged(Guid ImageId, string OwnerUserId, IReadOnlyList<string> Labels, int ModelVersionId) : IIntegrationEvent
{
    public string AggregateKey => ImageId.ToString("N");
    public string Subject => $"images/{ImageId:N}";
}
