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
    private bool _marked;
    private IReadOnlyList<ShipmentNotice> _shown = [];

    private string AriaLabel => _unseen == 0 ? "Shipment notices, none new" : $"Shipment notices, {_unseen} new";

    protected override async Task OnInitializedAsync()
    {
        _userId = ShopUser.IdOf((await AuthenticationState).User) ?? "";
        var list = await Notices.GetAsync(_userId);
        (_shown, _unseen) = (list.Notices, list.Unseen);
    }

    /// <summary>
    /// Opening the menu marks the listed notices seen (up to the newest one shown, not "now"); they stay listed until the
    /// page changes, and any not listed stay new on the badge.
    /// </summary>
    private async Task OpenChangedAsync(bool open)
    {
        if (!open || _marked || _shown.Count == 0) return;
        _marked = true;
        await Notices.MarkSeenAsync(_userId, _shown.Max(n => n.ShippedAt));
        _unseen = Math.Max(0, _unseen - _shown.Count);
    }
}
