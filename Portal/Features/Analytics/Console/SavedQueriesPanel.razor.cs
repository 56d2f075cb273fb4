using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Portal.Engine.Analytics.Console;

namespace Portal.Features.Analytics.Console;

public partial class SavedQueriesPanel
{
    [Inject] private SavedQueries Saved { get; set; } = default!;

    /// <summary>Whose queries.</summary>
    [Parameter, EditorRequired] public string UserId { get; set; } = "";
    /// <summary>The editor's query, which Save keeps.</summary>
    [Parameter] public string Sql { get; set; } = "";
    /// <summary>A saved query was clicked: its SQL.</summary>
    [Parameter] public EventCallback<string> OnLoad { get; set; }

    private List<SavedQuery>? _queries;
    private string? _newName;
    private string? _newNameError;
    private int? _renaming;
    private string? _rename;
    private string? _renameError;
    private int? _deleting;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync() => _queries = await Saved.ListAsync(UserId);

    private async Task OnNameKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") await SaveAsync();
    }

    private async Task SaveAsync()
    {
        var change = await Saved.SaveAsync(UserId, _newName, Sql);
        _newNameError = change.NameError ?? change.SqlError;
        if (!change.Succeeded) return;
        _newName = null;
        await LoadAsync();
    }

    private void StartRenaming(SavedQuery query)
    {
        _deleting = null;
        _renaming = query.Id;
        _rename = query.Name;
        _renameError = null;
    }

    private void StopRenaming() => (_renaming, _rename, _renameError) = (null, null, null);

    private async Task RenameAsync(SavedQuery query)
    {
        var change = await Saved.RenameAsync(UserId, query.Id, _rename);
        _renameError = change.NameError;
        if (!change.Succeeded) return;
        StopRenaming();
        await LoadAsync();
    }

    private async Task DeleteAsync(SavedQuery query)
    {
        _deleting = null;
        await Saved.DeleteAsync(UserId, query.Id);
        await LoadAsync();
    }
}
