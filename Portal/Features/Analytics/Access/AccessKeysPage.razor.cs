using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Engine.Analytics.Access;
using Portal.Features.Storefront;

namespace Portal.Features.Analytics.Access;

public partial class AccessKeysPage
{
    [Inject] private AnalystAccessKeyService Keys { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string _userId = "";
    private List<AnalystAccessKey>? _keys;
    private CreatedAnalystAccessKey? _created;
    private string? _revokeFailure;

    protected override async Task OnInitializedAsync()
    {
        _userId = ShopUser.IdOf((await AuthenticationState).User) ?? "";
        await LoadAsync();
    }

    private async Task LoadAsync() => _keys = await Keys.ListAsync(_userId);

    private async Task OnCreatedAsync(CreatedAnalystAccessKey created)
    {
        // The secret lives only in this field until the analyst closes the panel; it is never stored readable.
        _created = created;
        await LoadAsync();
    }

    private async Task RevokeAsync(AnalystAccessKey key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke access key",
            $"Code using “{key.Name}” ({key.AccessKeyId}) will be refused from now on. This cannot be undone.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true) return;
        _revokeFailure = await Keys.RevokeAsync(_userId, key.Id) ? null : $"“{key.Name}” could not be revoked; it is not one of your keys.";
        if (_created?.Key.Id == key.Id) _created = null;
        await LoadAsync();
    }
}
