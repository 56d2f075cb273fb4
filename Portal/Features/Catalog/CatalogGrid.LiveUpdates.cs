using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>
/// Reloading when someone else changes the catalog: at once, or once the user has stopped editing cells, so
/// what they are typing is never thrown away. Changes of this user's own are not a reason to reload, also when they come
/// back through the event log after they were done (the last few are remembered).
/// </summary>
public partial class CatalogGrid
{
    /// <summary>Called on the thread of whoever changed the catalog (any circuit on this instance).</summary>
    private void OnCatalogChanged(CatalogChanged change)
    {
        if (_disposed || IsOwn(change)) return;
        try
        {
            _ = InvokeAsync(() => OnOthersChangedAsync(change));
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
    }

    private bool IsOwn(CatalogChanged change)
    {
        if (change.ChangedBy != UserName) return false;
        lock (_ownChanges)
            return _ownChanges.Concat(_ownEchoes).Any(ids => ids is null || change.ItemIds.All(ids.Contains));
    }

    private async Task OnOthersChangedAsync(CatalogChanged change)
    {
        if (_disposed) return;
        if (IsEditing)
        {
            // Reloading now would throw away what the user is typing: do it when they are done.
            _pendingChangeBy = change.ChangedBy;
            StateHasChanged();
            return;
        }
        try
        {
            await ReloadAsync();
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Reloading the catalog grid after a change by {User} failed", change.ChangedBy);
        }
    }

    private void OnEditingChanged(bool editing)
    {
        _editingCells = Math.Max(0, _editingCells + (editing ? 1 : -1));
        if (_editingCells == 0 && _pendingChangeBy is not null) _ = ReloadWhenIdleAsync();
    }

    private async Task ReloadWhenIdleAsync()
    {
        try
        {
            await Task.Delay(IdleBeforeReload);
            await InvokeAsync(async () =>
            {
                if (!_disposed && !IsEditing && _pendingChangeBy is not null) await ReloadAsync();
            });
        }
        catch (Exception e) when (e is ObjectDisposedException or TaskCanceledException)
        {
            // The page was closed meanwhile.
        }
    }
}
