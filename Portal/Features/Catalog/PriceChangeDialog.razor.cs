using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Portal.Components;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

public partial class PriceChangeDialog : IDisposable
{
    [Inject] private CatalogBulkActions Bulk { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The ticked rows, or every item matching the filter (counted again by the preview).</summary>
    [Parameter, EditorRequired] public CatalogSelection Selection { get; set; } = CatalogSelection.Of([]);
    /// <summary>How many items the selection was when the dialog opened, for the title.</summary>
    [Parameter] public int Count { get; set; }
    [Parameter] public bool AllMatching { get; set; }
    [Parameter] public string UserName { get; set; } = "";

    private string _percentText = "";
    private decimal? _percent;
    private PriceChangePlan? _plan;
    private string? _error;
    private string? _failure;
    private bool _loading;
    private bool _applying;
    private int _previewRun;
    private CancellationTokenSource? _previewCancel;
    private BulkProgress? _progress;

    private bool CanApply => !_applying && !_loading && _plan is { Error: null, Count: > 0 } && _plan.Percent == _percent;

    private string Title => AllMatching
        ? $"Change the price of all {Formats.Count(Count)} items matching the filter"
        : $"Change the price of {Formats.Count(Count)} item{(Count == 1 ? "" : "s")}";

    private static string Summary(PriceChangePlan plan)
    {
        var unchanged = plan.Count - plan.Changed;
        var text = $"{Formats.Count(plan.Count)} item{(plan.Count == 1 ? "" : "s")}: {Formats.Count(plan.Changed)} price{(plan.Changed == 1 ? "" : "s")} change"
                   + (unchanged > 0 ? $", {Formats.Count(unchanged)} stay{(unchanged == 1 ? "s" : "")} the same." : ".")
                   + (plan.Skipped > 0 ? $" {Formats.Count(plan.Skipped)} ticked item{(plan.Skipped == 1 ? " is" : "s are")} left out: archived items are not changed in bulk." : "");
        return plan.ListsEveryItem ? text : text + $" The first {Formats.Count(plan.Examples.Count)} by SKU:";
    }

    private async Task OnPercentChangedAsync(string? text)
    {
        _percentText = text ?? "";
        await PreviewAsync();
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && CanApply) await ApplyAsync();
    }

    private async Task PreviewAsync()
    {
        _failure = null;
        var run = ++_previewRun; // results of earlier runs still under way are dropped
        _previewCancel?.Cancel();
        _previewCancel = new CancellationTokenSource();
        var cancellation = _previewCancel.Token;
        var typed = DecimalText.Read(_percentText.Trim().TrimEnd('%'));
        if (typed.Problem == DecimalTextProblem.Empty)
        {
            (_percent, _plan, _error, _loading) = (null, null, null, false);
            return;
        }
        if (!typed.IsNumber)
        {
            (_percent, _plan, _error, _loading) = (null, null, "Type a percentage such as 10 or -15 (a dot for decimals).", false);
            return;
        }
        var percent = typed.Value;

        _percent = percent;
        _loading = true;
        try
        {
            var plan = await Bulk.PlanPriceChangeAsync(Selection, percent, cancellation);
            if (run != _previewRun) return; // a newer percentage was typed meanwhile
            _plan = plan;
            _error = plan.Error;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // A newer percentage was typed, or the dialog closed.
        }
        catch (Exception e)
        {
            if (run == _previewRun) _failure = "The preview could not be computed: " + e.Message;
        }
        finally
        {
            if (run == _previewRun) _loading = false;
        }
    }

    private async Task ApplyAsync()
    {
        if (!CanApply || _percent is not { } percent) return;
        _applying = true;
        _progress = null;
        var progress = new Progress<BulkProgress>(p => _ = InvokeAsync(() =>
        {
            if (!_applying) return;
            _progress = p;
            StateHasChanged();
        }));
        try
        {
            var applied = await Bulk.ApplyPriceChangeAsync(Selection, percent, UserName, progress);
            if (applied.Error is not null)
            {
                (_plan, _error) = (applied, applied.Error);
                return;
            }
            Dialog.Close(DialogResult.Ok(new PriceChangeOutcome(applied, _plan!)));
        }
        catch (Exception e)
        {
            _failure = "The prices were not changed: " + e.Message;
        }
        finally
        {
            _applying = false;
        }
    }

    public void Dispose() => _previewCancel?.Cancel();
}
