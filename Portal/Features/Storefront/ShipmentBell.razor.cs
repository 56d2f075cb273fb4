using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Storefront;

namespace Portal.Features.Storefront;

public partial class ShipmentBell : IDisposable
{
    [Inject] private ShipmentNotices Notices { get; set; } = default!;
    [Inject] private ILiveEvents Live { get; set; } = default!;
    [Inject] private ILogger<ShipmentBell> Log { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string _userId = "";
    private int _unseen;
    private bool _marked;
    private bool _disposed;
    private IReadOnlyList<ShipmentNotice> _shown = [];
    private IDisposable? _subscription;

    private string AriaLabel => _unseen == 0 ? "Shipment notices, none new" : $"Shipment notices, {_unseen} new";

    protected override async Task OnInitializedAsync()
    {
        _subscription = Live.Subscribe(OnLiveEvent);
        _userId = ShopUser.IdOf((await AuthenticationState).User) ?? "";
        var list = await Notices.GetAsync(_userId);
        (_shown, _unseen) = (list.Notices, list.Unseen);
    }

    /// <summary>Heard off the UI thread: one of this shopper's orders shipped (on any instance), so the badge counts it at once.</summary>
    private void OnLiveEvent(LiveEvent live)
    {
        if (_disposed || live.Event is not OrderShipped shipped || shipped.UserId != _userId || _userId.Length == 0) return;
        try
        {
            _ = InvokeAsync(ReloadAsync);
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
    }

    private async Task ReloadAsync()
    {
        if (_disposed) return;
        try
        {
            var list = await Notices.GetAsync(_userId);
            // Once opened, the menu keeps what it listed (those were marked seen); the badge counts what is new since.
            if (_marked) _unseen = Math.Max(0, list.Unseen);
            else (_shown, _unseen) = (list.Notices, list.Unseen);
            StateHasChanged();
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Reloading the shipment notices after a shipment failed");
        }
    }

    /// <summary>
    /// Opening the menu marks the listed notices seen (up to the newest one shown, not "now"); they stay listed until the
    /// page changes, and any not listed stay new on the badge.
    /// </summary>
    private async Task OpenChangedAsync(bool open)
    {
        if (!open || _marked || _shown.Count == 0) return;
        _marked = true;
        await Notices.MarkSeenAsync(_userId, _shown.Max(n => n.ShippedAt));
        _unseen = Math.Max(0, _unseen - _shown.Count);
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }
}
