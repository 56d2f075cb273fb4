using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Logistics;
using Portal.Engine.Ordering;

namespace Portal.Features.Logistics;

public partial class ShipDialog
{
    private const string CarriersListId = "ship-dialog-carriers";

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The (paid) orders to ship.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<Order> Orders { get; set; } = [];

    private List<Row> _rows = [];
    private string _carrierForAll = "";
    private bool _submitted;

    protected override void OnInitialized() => _rows = Orders.Select(o => new Row(o)).ToList();

    private void ApplyCarrierToAll(string? carrier)
    {
        _carrierForAll = carrier ?? "";
        foreach (var row in _rows) SetCarrier(row, _carrierForAll);
    }

    private void SetCarrier(Row row, string? carrier)
    {
        row.Carrier = carrier ?? "";
        if (_submitted) row.Validate();
    }

    private void SetTracking(Row row, string? tracking)
    {
        row.TrackingNumber = tracking ?? "";
        if (_submitted) row.Validate();
    }

    private void Submit()
    {
        _submitted = true;
        foreach (var row in _rows) row.Validate();
        if (_rows.Any(r => r.HasErrors)) return;
        Dialog.Close(DialogResult.Ok(_rows.Select(r => new ShipmentInput(r.Order.Id, r.Carrier.Trim(), r.TrackingNumber.Trim())).ToList()));
    }

    private void Cancel() => Dialog.Cancel();

    private sealed class Row(Order order)
    {
        public Order Order { get; } = order;
        public string Carrier { get; set; } = "";
        public string TrackingNumber { get; set; } = "";
        public string? CarrierError { get; private set; }
        public string? TrackingError { get; private set; }
        public bool HasErrors => CarrierError is not null || TrackingError is not null;

        /// <summary>The same rules the engine applies when shipping, so what passes here is accepted there.</summary>
        public void Validate()
        {
            var errors = LogisticsService.ShipmentErrors(Carrier.Trim(), TrackingNumber.Trim());
            CarrierError = ShipmentMessages.For(errors, "carrier");
            TrackingError = ShipmentMessages.For(errors, "trackingNumber");
        }
    }
}
