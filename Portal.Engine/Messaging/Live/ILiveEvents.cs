using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Messaging.Live;

/// <summary>
/// The events this instance hears from the log as they arrive, whichever instance or worker wrote them: what live pages
/// (galleries, order pages, catalog grids, the activity view) listen to. Listeners are called off the UI thread.
/// </summary>
public interface ILiveEvents
{
    IDisposable Subscribe(Action<LiveEvent> listener);

    /// <summary>
    /// The same events, a poll's worth at a time (in log order per partition), for listeners that coalesce: a bulk action's
    /// hundreds of catalog events become one refresh. By default one event per call.
    /// </summary>
    IDisposable SubscribeBatches(Action<IReadOnlyList<LiveEvent>> listener) => Subscribe(e => listener([e]));
}

public sealed record LiveEvent(EventEnvelope Envelope, IIntegrationEvent Event);
