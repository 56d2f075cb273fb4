using Portal.Engine.Messaging.Live;

namespace Portal.Tests.Features.Images;

/// <summary>
/// The live stream as pages see it, for component tests until the log-fed one is wired: the test pushes the events (read
/// back from real outbox rows) and they reach every subscriber off the UI thread, as the live feed delivers them.
/// </summary>
public sealed class TestLiveEvents : ILiveEvents
{
    private readonly object _gate = new();
    private readonly List<Action<LiveEvent>> _listeners = [];

    public int Subscribers
    {
        get { lock (_gate) return _listeners.Count; }
    }

    public IDisposable Subscribe(Action<LiveEvent> listener)
    {
        lock (_gate) _listeners.Add(listener);
        return new Subscription(() => { lock (_gate) _listeners.Remove(listener); });
    }

    /// <summary>Delivers the events in order on a thread-pool thread and returns when every subscriber was called.</summary>
    public Task PushAsync(IEnumerable<LiveEvent> events) => Task.Run(() =>
    {
        foreach (var live in events)
        {
            Action<LiveEvent>[] listeners;
            lock (_gate) listeners = [.. _listeners];
            foreach (var listener in listeners) listener(live);
        }
    });

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
