using Microsoft.AspNetCore.Components;
using Portal.Engine.Catalog;
using Portal.Engine.Models.Predictions;

namespace Portal.Features.Catalog;

/// <summary>
/// The category the deployed model suggests for an item's photo (<see cref="CategorySuggester"/>) and a "Use it" button
/// that sets it. Asked whenever the component is shown and again whenever the item's photo changes; the endpoint is asked
/// each time, so the suggestion follows a newly deployed version.
/// </summary>
public sealed partial class SuggestedCategory : IDisposable
{
    [Inject] private CategorySuggester Suggester { get; set; } = default!;
    [Inject] private CatalogService Catalog { get; set; } = default!;
    [Inject] private ILogger<SuggestedCategory> Log { get; set; } = default!;

    /// <summary>The item, with its photo.</summary>
    [Parameter, EditorRequired] public CatalogItem Item { get; set; } = default!;

    /// <summary>Who changes the category (the audit trail's user).</summary>
    [Parameter, EditorRequired] public string UserName { get; set; } = "";

    /// <summary>Called with the item after its category was set from the suggestion.</summary>
    [Parameter] public EventCallback<CatalogItem> OnItemChanged { get; set; }

    private readonly CancellationTokenSource _disposed = new();
    private string? _suggestedFor;
    private CategorySuggestion? _suggestion;
    private string? _used;
    private string? _error;
    private bool _busy;
    private bool _asking;

    protected override async Task OnParametersSetAsync()
    {
        if (Item.PhotoKey == _suggestedFor) return;
        _suggestedFor = Item.PhotoKey;
        _suggestion = null;
        _used = null;
        _error = null;
        _asking = true;
        try
        {
            _suggestion = await Suggester.SuggestAsync(Item, _disposed.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogWarning(e, "No category suggestion for item {ItemId}", Item.Id);
        }
        finally
        {
            _asking = false;
        }
    }

    private async Task UseAsync()
    {
        if (_suggestion is not { } suggestion) return;
        _busy = true;
        _error = null;
        try
        {
            var result = await Catalog.UpdateAsync(Item.Id, Item.Version, new CatalogItemPatch { Category = suggestion.Category }, UserName, _disposed.Token);
            switch (result.Outcome)
            {
                case CatalogOutcome.Ok:
                    _suggestion = null;
                    _used = result.Item!.Category;
                    await OnItemChanged.InvokeAsync(result.Item);
                    break;
                case CatalogOutcome.Invalid:
                    _error = string.Join(" ", result.Errors?.SelectMany(e => e.Value) ?? []);
                    break;
                case CatalogOutcome.Conflict:
                    _error = "Someone else changed this item meanwhile; its category was not changed. Close and open the item again.";
                    break;
                default:
                    _error = "This item no longer exists.";
                    break;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
