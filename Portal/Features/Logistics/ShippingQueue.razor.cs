using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Logistics;
using Portal.Engine.Ordering;

namespace Portal.Features.Logistics;

public partial class ShippingQueue
{
    private static readonly int[] PageSizes = [25, 50, 100, 200];

    /// <summary>Who is shipping, for the audit trail.</summary>
    [Parameter, EditorRequired] public string UserName { get; set; } = "";
    /// <summary>After orders were shipped or completed.</summary>
    [Parameter] public EventCallback OnOrdersChanged { get; set; }

    private QueueFilter _filter = QueueFilter.Default;
    private int _pageIndex;
    private int _pageSize = 25;
    private LogisticsOrderPage? _page;
    private bool _loading = true;
    private bool _busy;
    private string? _error;
    private BatchReport? _report;
    private int _loadVersion;
    // Selected orders by id, as they were when picked; kept across pages.
    private readonly Dictionary<int, Order> _selected = new();
    private readonly HashSet<int> _selectedIds = new();

    private int PageCount => _page is null ? 0 : (int)Math.Ceiling(_page.Total / (double)_pageSize);
    private List<Order> Shippable => _selected.Values.Where(o => OrderStateMachine.CanShip(o.Status)).OrderBy(o => o.PlacedAt).ThenBy(o => o.Id).ToList();
    private List<Order> Completable => _selected.Values.Where(o => OrderStateMachine.CanComplete(o.Status)).OrderBy(o => o.Id).ToList();

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task OnFilterChangedAsync(QueueFilter filter)
    {
        if (filter.Equals(_filter)) return;
        _filter = filter;
        _pageIndex = 0;
        ClearSelection();
        await LoadAsync();
    }

    private async Task OnPageChangedAsync(int page)
    {
        _pageIndex = page - 1;
        await LoadAsync();
    }

    private async Task OnPageSizeChangedAsync(int size)
    {
        _pageSize = size;
        _pageIndex = 0;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var version = ++_loadVersion;
        _loading = true;
        try
        {
            var page = await Logistics.QueryAsync(_filter.ToQuery(_pageIndex, _pageSize));
            // Shipping the whole last page (here or anywhere) leaves this page past the end: show the page that is now last.
            while (page.Orders.Count == 0 && page.Total > 0 && _pageIndex > 0 && version == _loadVersion)
            {
                _pageIndex = Math.Min(_pageIndex - 1, (page.Total - 1) / _pageSize);
                page = await Logistics.QueryAsync(_filter.ToQuery(_pageIndex, _pageSize));
            }
            if (version != _loadVersion) return;
            _page = page;
            _error = null;
        }
        catch (Exception e)
        {
            if (version != _loadVersion) return;
            Log.LogError(e, "Loading the shipping queue failed");
            _error = "The queue could not be loaded. Please try again in a moment.";
        }
        finally
        {
            if (version == _loadVersion) _loading = false;
        }
    }

    private void OnSelectionToggled((Order Order, bool Selected) change)
    {
        if (change.Selected) Select(change.Order);
        else Unselect(change.Order.Id);
    }

    private void OnPageToggled(bool selected)
    {
        foreach (var order in _page?.Orders ?? [])
        {
            if (selected) Select(order);
            else Unselect(order.Id);
        }
    }

    private void Select(Order order)
    {
        _selected[order.Id] = order;
        _selectedIds.Add(order.Id);
    }

    private void Unselect(int orderId)
    {
        _selected.Remove(orderId);
        _selectedIds.Remove(orderId);
    }

    private void ClearSelection()
    {
        _selected.Clear();
        _selectedIds.Clear();
    }

    private async Task ShipAsync()
    {
        var orders = Shippable;
        if (orders.Count == 0) return;
        var dialog = await Dialogs.ShowAsync<ShipDialog>(null, new DialogParameters<ShipDialog> { { d => d.Orders, orders } },
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled || result.Data is not List<ShipmentInput> shipments) return;

        await RunBatchAsync("Mark shipped", shipments.Select(s => (s.OrderId, (Func<Task<BatchOutcome>>)(async () =>
        {
            var shipped = await Logistics.ShipAsync(s.OrderId, s.Carrier, s.TrackingNumber, UserName);
            return shipped.Succeeded
                ? new BatchOutcome(s.OrderId, true, $"Order {s.OrderId} shipped with {s.Carrier}, tracking number {s.TrackingNumber}.")
                : new BatchOutcome(s.OrderId, false, ShipmentMessages.Refusal(shipped));
        }))).ToList());
    }

    private async Task CompleteAsync()
    {
        var orders = Completable;
        if (orders.Count == 0) return;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Mark completed",
            $"Record that {(orders.Count == 1 ? $"order {orders[0].Id} was" : $"these {orders.Count} orders were")} delivered? This cannot be undone.",
            yesText: "Mark completed", cancelText: "Cancel");
        if (confirmed != true) return;

        await RunBatchAsync("Mark completed", orders.Select(o => (o.Id, (Func<Task<BatchOutcome>>)(async () =>
        {
            var completed = await Logistics.CompleteAsync(o.Id, UserName);
            return completed.Succeeded
                ? new BatchOutcome(o.Id, true, $"Order {o.Id} completed.")
                : new BatchOutcome(o.Id, false, ShipmentMessages.Refusal(completed));
        }))).ToList());
    }

    /// <summary>Runs one step per order (each its own transaction), then reports every order's result and reloads.</summary>
    private async Task RunBatchAsync(string action, List<(int OrderId, Func<Task<BatchOutcome>> Run)> steps)
    {
        _busy = true;
        _report = null;
        var outcomes = new List<BatchOutcome>();
        try
        {
            foreach (var (orderId, run) in steps)
            {
                try
                {
                    outcomes.Add(await run());
                }
                catch (Exception e)
                {
                    Log.LogError(e, "{Action} failed for order {OrderId}", action, orderId);
                    outcomes.Add(new BatchOutcome(orderId, false, $"Order {orderId} could not be changed because of an unexpected error; try again."));
                }
            }
        }
        finally
        {
            _busy = false;
            _report = new BatchReport(action, outcomes);
        }
        // Every selected order has moved on or was refused (and may have left the filter): start afresh.
        ClearSelection();
        await LoadAsync();
        await OnOrdersChanged.InvokeAsync();
    }
}
