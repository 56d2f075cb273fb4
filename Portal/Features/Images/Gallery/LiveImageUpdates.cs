using Microsoft.AspNetCore.Components;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;

namespace Portal.Features.Images.Gallery;

/// <summary>
/// Listens to the live events this instance hears from the log (whichever instance or worker wrote them) and tells the
/// gallery when one of <see cref="OwnerId"/>'s images was uploaded, started or finished processing, got its auto-tags,
/// or was deleted.
/// Renders nothing; put it on the page only once it is interactive (prerendering has no one to tell).
/// </summary>
public sealed class LiveImageUpdates : ComponentBase, IDisposable
{
    [Inject] private ILiveEvents Live { get; set; } = default!;

    /// <summary>Whose images to listen for.</summary>
    [Parameter, EditorRequired] public string OwnerId { get; set; } = "";

    /// <summary>Called on the page's thread with the image's id when one of the owner's images changed.</summary>
    [Parameter] public EventCallback<Guid> OnChanged { get; set; }

    private IDisposable? _subscription;
    private bool _disposed;

    protected override void OnInitialized() => _subscription = Live.Subscribe(Heard);

    /// <summary>The image an image event is about, and whose it is.</summary>
    public static (Guid ImageId, string Owner)? About(IIntegrationEvent @event) => @event switch
    {
        ImageUploaded e => (e.ImageId, e.OwnerUserId),
        ImageProcessingStarted e => (e.ImageId, e.OwnerUserId),
        ImageProcessed e => (e.ImageId, e.OwnerUserId),
        ImageTagged e => (e.ImageId, e.OwnerUserId),
        ImageDeleted e => (e.ImageId, e.OwnerUserId),
        _ => null,
    };

    // Called off the UI thread, by the live feed: hand it over to the page's.
    private void Heard(LiveEvent live)
    {
        if (_disposed || About(live.Event) is not { } about || about.Owner != OwnerId) return;
        _ = InvokeAsync(async () =>
        {
            if (_disposed) return;
            try
            {
                await OnChanged.InvokeAsync(about.ImageId);
            }
            catch (Exception e)
            {
                await DispatchExceptionAsync(e);
            }
        });
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }
}
