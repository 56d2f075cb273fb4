using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Ordering;
using Portal.Engine.Storefront;

namespace Portal.Features.Storefront;

public partial class OrderPage
{
    [Inject] private OrderHistory History { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILiveEvents Live { get; set; } = default!;
    [Inject] private ILogger<OrderPage> Log { get; set; } = default!;

    [Parameter] public int Id { get; set; }
    /// <summary>Set when the shopper arrives straight from checkout.</summary>
    [SupplyParameterFromQuery] public bool Placed { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private bool _loaded;
    private bool _justPlaced;
    private bool _disposed;
    private string _userId = "";
    private Order? _order;
    private IDisposable? _subscription;

    protected override void OnInitialized() => _subscription = Live.Subscribe(OnLiveEvent);

    protected override async Task OnParametersSetAsync()
    {
        _justPlaced |= Placed;
        _userId = ShopUser.IdOf((await AuthenticationState).User) ?? "";
        _order = await History.FindAsync(_userId, Id);
        _loaded = true;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Keep the thank-you on screen, but not in the address: a reload or bookmark shows the order as it is.
        if (Placed && _loaded && RendererInfo.IsInteractive)
            Navigation.NavigateTo($"/shop/orders/{Id}", replace: true);
    }

    /// <summary>Heard off the UI thread: when this order ships or completes (on any instance), show it as it is now.</summary>
    private void OnLiveEvent(LiveEvent live)
    {
        var orderId = live.Event switch
        {
            OrderShipped shipped => shipped.OrderId,
            OrderCompleted completed => completed.OrderId,
            _ => (int?)null,
        };
        if (_disposed || orderId != Id) return;
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
            // The history only finds the shopper's own orders: an event about someone else's order with this number shows nothing new.
            _order = await History.FindAsync(_userId, Id);
            StateHasChanged();
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Reloading order {OrderId} after it changed failed", Id);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }
}
