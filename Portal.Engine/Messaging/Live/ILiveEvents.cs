using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Messaging.Live;

/// <summary>
/// The events this instance hears from the log as they arrive, whichever instance or worker wrote them: what live pages
/// (galleries, order pages, catalog grids, the activity view) listen to. Listeners are called off the UI thread.
/// </summary>
public interface ILiveEvents
{
    IDisposable Subscribe(Action<LiveEvent> listener);
}

public sealed record LiveEvent(EventEnvelope Envelope, IIntegrationEvent Event);
