using Microsoft.Extensions.Hosting;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;

namespace Portal.Engine.Catalog;

/// <summary>
/// Feeds this instance's <see cref="CatalogChangeFeed"/> from the catalog events in the log, so every instance's open grids
/// and shop pages refresh whichever instance changed the catalog. A poll's events become one change per author: a bulk
/// action over hundreds of items is one refresh, and an edit's item and stock events are one change by the editor.
/// </summary>
public sealed class CatalogLiveUpdates(ILiveEvents live, CatalogChangeFeed feed) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = live.SubscribeBatches(OnEvents);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
    }

    /// <summary>The changes a batch of events amounts to: items grouped by who changed them, in order of first mention.</summary>
    public static IReadOnlyList<CatalogChanged> ChangesOf(IReadOnlyList<LiveEvent> events)
    {
        var author = new Dictionary<int, string>();
        var order = new List<int>();
        foreach (var e in events)
        {
            switch (e.Event)
            {
                case CatalogItemChanged item:
                    if (!author.ContainsKey(item.ItemId)) order.Add(item.ItemId);
                    author[item.ItemId] = item.ChangedBy; // the editor, also when the stock event came first
                    break;
                case StockChanged stock:
                    if (author.TryAdd(stock.ItemId, stock.Reason)) order.Add(stock.ItemId); // a sale: no person made it
                    break;
            }
        }
        return order.GroupBy(id => author[id]).Select(g => new CatalogChanged(g.ToList(), g.Key)).ToList();
    }

    private void OnEvents(IReadOnlyList<LiveEvent> events)
    {
        foreach (var change in ChangesOf(events)) feed.Publish(change);
    }
}
