using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Live;

/// <summary>Helpers for the live feed's tests: messages as the relay publishes them, a feed, and waiting for what it heard.</summary>
public static class LiveTesting
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // an upper bound for a loaded machine, not a timing check

    public static readonly EventsOptions Events = new();

    public static LiveEventsOptions FastOptions(int recentPerPartition = 250) =>
        new() { PollWait = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(1), RecentPerPartition = recentPerPartition };

    public static LiveEventFeed Feed(IEventLog log, LiveEventsOptions? options = null) =>
        new(log, Options.Create(new EventsOptions()), Options.Create(options ?? FastOptions()), TimeProvider.System, NullLogger<LiveEventFeed>.Instance);

    /// <summary>The message the relay publishes for <paramref name="event"/>.</summary>
    public static LogMessage Message(IIntegrationEvent @event, DateTime? at = null) =>
        CloudEventHeaders.ToMessage(EventEnvelope.For(@event, Guid.NewGuid(), at ?? DateTime.UtcNow), Events.TopicOf(EventCatalog.Describe(@event).Family));

    public static Task PublishAsync(this IEventLog log, params IIntegrationEvent[] events) =>
        log.PublishAsync(events.Select(e => Message(e)).ToList());

    /// <summary>Starts the feed and waits until it listens (everything published after that is heard).</summary>
    public static async Task<LiveEventFeed> StartedAsync(this LiveEventFeed feed)
    {
        await feed.StartAsync(CancellationToken.None);
        await feed.Listening.WaitAsync(Patience);
        return feed;
    }

    /// <summary>Waits for <paramref name="condition"/>, failing with <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task UntilAsync(string what, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Gave up waiting: {what}.");
            await Task.Delay(20);
        }
    }
}

/// <summary>A listener that keeps what it hears.</summary>
public sealed class Heard
{
    public ConcurrentQueue<LiveEvent> Events { get; } = new();
    public ConcurrentQueue<IReadOnlyList<LiveEvent>> Batches { get; } = new();

    public void Listen(LiveEvent e) => Events.Enqueue(e);

    public void ListenBatches(IReadOnlyList<LiveEvent> batch)
    {
        Batches.Enqueue(batch);
        foreach (var e in batch) Events.Enqueue(e);
    }

    public IReadOnlyList<T> Of<T>() => Events.Select(e => e.Event).OfType<T>().ToList();
}
