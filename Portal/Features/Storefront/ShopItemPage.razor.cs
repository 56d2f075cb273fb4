using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Engine.Catalog;
using Portal.Engine.Storefront;

namespace Portal.Features.Storefront;

public partial class ShopItemPage
{
    [Parameter] public int Id { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string _userId = "";
    private bool _loaded;
    private CatalogItem? _item;
    private CartView? _cart;
    private bool _disposed;
    private int? _viewed;

    protected override void OnInitialized() => Feed.Changed += OnCatalogChanged;

    protected override async Task OnParametersSetAsync()
    {
        _userId = ShopUser.IdOf((await AuthenticationState).User) ?? "";
        await LoadItemAsync();
        await RecordViewAsync();
        await LoadCartAsync();
        _loaded = true;
    }

    /// <summary>
    /// One ProductViewed per view: not while prerendering (the interactive render that follows is the same view), and not
    /// again when the parameters are set again for the same item.
    /// </summary>
    private async Task RecordViewAsync()
    {
        if (_item is null || !RendererInfo.IsInteractive || _viewed == _item.Id) return;
        _viewed = _item.Id;
        await Activity.ProductViewedAsync(_userId, _item.Id);
    }

    private async Task LoadItemAsync()
    {
        var item = await Catalog.FindAsync(Id);
        _item = item is not null && ShopFilter.IsSold(item) ? item : null;
    }

    private void OnCatalogChanged(CatalogChanged change)
    {
        if (_disposed || !change.ItemIds.Contains(Id)) return;
        try
        {
            _ = InvokeAsync(async () =>
            {
                if (_disposed) return;
                await LoadItemAsync();
                StateHasChanged();
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Feed.Changed -= OnCatalogChanged;
    }

    private async Task LoadCartAsync() => _cart = await Carts.GetAsync(_userId);
}
