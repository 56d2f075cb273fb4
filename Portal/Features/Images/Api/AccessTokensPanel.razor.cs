using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components.ApiKeys;
using Portal.Engine.ApiKeys;

namespace Portal.Features.Images.Api;

/// <summary>Creates, lists and revokes the user's personal access tokens (API keys of the Images scope).</summary>
public sealed partial class AccessTokensPanel
{
    [Inject] private ApiKeyService ApiKeys { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The signed-in user whose tokens these are.</summary>
    [Parameter, EditorRequired] public string UserId { get; set; } = "";

    private List<ApiKey>? _tokens;
    private string? _revokeFailure;

    private string UploadExample =>
        $"curl -H \"Authorization: Bearer $PORTAL_TOKEN\" -F \"file=@photo.jpg\" {Navigation.BaseUri.TrimEnd('/')}{ImageApi.Prefix}";

    private string? _loadedFor;

    /// <summary>Loads once per user, not on every render of the page around it.</summary>
    protected override Task OnParametersSetAsync()
    {
        if (UserId.Length == 0 || UserId == _loadedFor) return Task.CompletedTask;
        _loadedFor = UserId;
        return LoadAsync();
    }

    private async Task LoadAsync() => _tokens = await ApiKeys.ListAsync(UserId, ApiKeyScope.Images);

    private async Task OnCreatedAsync(CreatedApiKey created)
    {
        await LoadAsync();
        // The secret lives only in the dialog's parameters; once it closes it is gone from this page.
        await Dialogs.ShowAsync<ApiKeySecretDialog>(null,
            new DialogParameters<ApiKeySecretDialog>
            {
                { d => d.KeyName, created.Key.Name }, { d => d.Secret, created.Secret },
                { d => d.Title, "Access token" }, { d => d.Usage, "Authorization: Bearer pat_…" },
            },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
    }

    private async Task RevokeAsync(ApiKey token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke access token",
            $"Tools using “{token.Name}” (pat_{token.Prefix}_…) will be refused from now on. This cannot be undone.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true) return;
        _revokeFailure = await ApiKeys.RevokeAsync(UserId, token.Id) ? null : $"“{token.Name}” could not be revoked; it is not one of your tokens.";
        await LoadAsync();
    }
}
