using Microsoft.AspNetCore.Components;
using Portal.Engine.Customers;

namespace Portal.Features.Storefront.Checkout;

public partial class AddressForm
{
    [Inject] private AddressBook Addresses { get; set; } = default!;

    [Parameter, EditorRequired] public string UserId { get; set; } = "";
    /// <summary>The address to edit, or an empty draft to add one.</summary>
    [Parameter, EditorRequired] public AddressDraft Draft { get; set; } = new();
    [Parameter] public EventCallback<SavedAddress> OnSaved { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }

    private string? _label, _line1, _line2, _postalCode, _city, _country;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private bool _saving;
    private AddressDraft? _shown;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_shown, Draft)) return;
        _shown = Draft;
        (_label, _line1, _line2, _postalCode, _city, _country) = (Draft.Label, Draft.Line1, Draft.Line2, Draft.PostalCode, Draft.City, Draft.Country);
        _errors = new Dictionary<string, string>();
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var draft = Draft with { Label = _label, Line1 = _line1, Line2 = _line2, PostalCode = _postalCode, City = _city, Country = _country };
            var result = await Addresses.SaveAsync(UserId, draft);
            _errors = result.Errors;
            if (result.Saved is { } saved) await OnSaved.InvokeAsync(saved);
        }
        finally
        {
            _saving = false;
        }
    }
}
