using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Engine.Storefront;

namespace Portal.Features.Storefront;

public partial class ShipmentBell
{
    [Inject] private ShipmentNotices Notices { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string _userId = "";
    private int _unseen;
    private IReadOnlyList<ShipmentNotice> _shown = [];

    private string AriaLabel => _unseen == 0 ? "Shipment notices, none new" : $"Shipment notices, {_unseen} new";

    protected override async Task OnInitializedAsync()
    {
        _userId = ShopUser.IdOf((await AuthenticationState).User) ?? "";
        var list = await Notices.GetAsync(_userId);
        (_shown, _unseen) = (list.Notices, list.Unseen);
    }

    /// <summary>Opening the menu shows the new notices and marks them seen; they stay listed until the page changes.</summary>
    private async Task OpenChangedAsync(bool open)
    {
        if (!open || _unseen == 0) return;
        await Notices.MarkSeenAsync(_userId);
        _unseen = 0;
    }
}
