using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Portal.Engine.Catalog;

namespace Portal.Features.Storefront;

public partial class ShopBrowser : IDisposable
{
    [Inject] private CatalogChangeFeed Feed { get; set; } = default!;

    [Parameter, EditorRequired] public string UserId { get; set; } = "";
    /// <summary>After something was added to the cart.</summary>
    [Parameter] public EventCallback OnCartChanged { get; set; }

    private ShopFilter _filter = new();
    private CatalogPage? _page;
    private IReadOnlyList<string> _categories = [];
    private bool _loading = true;
    private string? _error;
    private int _loadVersion;
    private bool _disposed;
    private string? _recordedSearch;

    private int PageCount => _page is null ? 0 : (int)Math.Ceiling(_page.Total / (double)ShopFilter.PageSize);

    private string Range => _page is null ? "" :
        $"{_page.Page * ShopFilter.PageSize + 1}–{_page.Page * ShopFilter.PageSize + _page.Items.Count} of {_page.Total} items";

    protected override async Task OnInitializedAsync()
    {
        Feed.Changed += OnCatalogChanged;
        try
        {
            _categories = await Catalog.OnSaleCategoriesAsync();
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Loading the shop categories failed");
        }
        await LoadAsync();
    }

    private async Task OnFilterChangedAsync(ShopFilter filter)
    {
        if (filter == _filter) return;
        _filter = filter;
        await LoadAsync();
    }

    private Task OnPageChangedAsync(int page) => OnFilterChangedAsync(_filter with { Page = page - 1 });

    private Task ClearAsync() => OnFilterChangedAsync(new ShopFilter(Sort: _filter.Sort));

    /// <summary>A search the shopper made (once per text, not again for its other pages or sort orders; not while prerendering).</summary>
    private async Task RecordSearchAsync(int results)
    {
        var search = _filter.ToQuery().Search;
        if (string.IsNullOrEmpty(search) || search == _recordedSearch || !RendererInfo.IsInteractive) return;
        _recordedSearch = search;
        await Activity.SearchMadeAsync(UserId, search, results);
    }

    private async Task LoadAsync()
    {
        // Typing fast can start a search before the last one answered: only the newest may show.
        var version = ++_loadVersion;
        _loading = true;
        try
        {
            var page = await Catalog.QueryAsync(_filter.ToQuery());
            if (version != _loadVersion) return;
            _page = page;
            _error = null;
            await RecordSearchAsync(page.Total);
        }
        catch (Exception e)
        {
            if (version != _loadVersion) return;
            Log.LogError(e, "Loading the shop items failed");
            _error = "The shop could not be loaded. Please try again in a moment.";
        }
        finally
        {
            if (version == _loadVersion) _loading = false;
        }
    }

    /// <summary>Heard off the UI thread, once per change anywhere: show the current prices and stock (keeping the filter and page).</summary>
    private void OnCatalogChanged(CatalogChanged change)
    {
        if (_disposed) return;
        try
        {
            _ = InvokeAsync(async () =>
            {
                if (_disposed) return;
                await LoadAsync();
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
}
