using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

public partial class CatalogItemDialog
{
    [Inject] private CatalogService Catalog { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter] public IReadOnlyList<string> Categories { get; set; } = [];
    [Parameter] public string UserName { get; set; } = "";

    private string _sku = "", _name = "", _description = "", _category = "", _price = "", _currency = "EUR", _weight = "", _stock = "0";
    private bool _active = true;
    /// <summary>A SKU found to be in use already when the SKU field was left.</summary>
    private string? _skuTaken;
    private bool _submitted;
    private bool _saving;
    private string? _failure;
    private Dictionary<string, string[]> _errors = new();

    private string Sku { get => _sku; set { _sku = value ?? ""; Revalidate(nameof(CatalogItemFields.Sku)); } }
    private string Name { get => _name; set { _name = value ?? ""; Revalidate(nameof(CatalogItemFields.Name)); } }
    private string Description { get => _description; set { _description = value ?? ""; Revalidate(nameof(CatalogItemFields.Description)); } }
    private string Category { get => _category; set { _category = value ?? ""; Revalidate(nameof(CatalogItemFields.Category)); } }
    private string Price { get => _price; set { _price = value ?? ""; Revalidate(nameof(CatalogItemFields.Price)); } }
    private string Currency { get => _currency; set { _currency = value ?? ""; Revalidate(nameof(CatalogItemFields.Currency)); } }
    private string Weight { get => _weight; set { _weight = value ?? ""; Revalidate(nameof(CatalogItemFields.WeightGrams)); } }
    private string Stock { get => _stock; set { _stock = value ?? ""; Revalidate(nameof(CatalogItemFields.Stock)); } }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Message(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The typed values as fields, with the messages of the ones that are not numbers.</summary>
    private (CatalogItemFields Fields, Dictionary<string, string[]> Errors) Read()
    {
        var errors = new Dictionary<string, string[]>();
        var (price, priceError) = CatalogFields.ParsePrice(_price);
        var (weight, weightError) = CatalogFields.ParseWhole(_weight, "Weight");
        var (stock, stockError) = CatalogFields.ParseWhole(_stock, "Stock");
        var fields = new CatalogItemFields
        {
            Sku = _sku, Name = _name, Description = _description, Category = _category,
            Price = price, Currency = _currency, WeightGrams = weight, Stock = stock, IsActive = _active,
        }.Normalized();
        foreach (var (field, messages) in CatalogItemRules.Validate(fields)) errors[field] = messages;
        if (priceError is not null) errors[nameof(CatalogItemFields.Price)] = [priceError];
        if (weightError is not null) errors[nameof(CatalogItemFields.WeightGrams)] = [weightError];
        if (stockError is not null) errors[nameof(CatalogItemFields.Stock)] = [stockError];
        if (!errors.ContainsKey(nameof(CatalogItemFields.Sku)) && fields.Sku == _skuTaken)
            errors[nameof(CatalogItemFields.Sku)] = [TakenMessage(fields.Sku)];
        return (fields, errors);
    }

    /// <summary>After the first attempt to save, a field's message follows what is typed into it.</summary>
    private void Revalidate(string field)
    {
        _failure = null;
        if (!_submitted && !_errors.ContainsKey(field)) return;
        var (_, errors) = Read();
        if (errors.TryGetValue(field, out var messages)) _errors[field] = messages;
        else _errors.Remove(field);
    }

    /// <summary>Says at once when a well-formed SKU is already taken, before the whole form is sent.</summary>
    private async Task CheckSkuAsync()
    {
        var sku = _sku.Trim().ToUpperInvariant();
        if (CatalogItemRules.SkuError(sku) is not null)
        {
            if (_submitted || sku.Length > 0) Revalidate(nameof(CatalogItemFields.Sku));
            return;
        }
        try
        {
            var page = await Catalog.QueryAsync(new CatalogQuery { Search = sku, Status = CatalogStatusFilter.All, PageSize = 20 });
            if (page.Items.Any(i => i.Sku == sku) && _sku.Trim().ToUpperInvariant() == sku)
            {
                _skuTaken = sku;
                _errors[nameof(CatalogItemFields.Sku)] = [TakenMessage(sku)];
            }
        }
        catch (Exception)
        {
            // Only a hint: the service checks again when the item is saved.
        }
    }

    private static string TakenMessage(string sku) => $"SKU {sku} is already used by another item.";

    private async Task SaveAsync()
    {
        if (_saving) return;
        _submitted = true;
        _failure = null;
        var (fields, errors) = Read();
        _errors = errors;
        if (errors.Count > 0) return;

        _saving = true;
        try
        {
            var result = await Catalog.CreateAsync(fields, UserName);
            if (result.Succeeded)
            {
                Dialog.Close(DialogResult.Ok(result.Item!));
                return;
            }
            _errors = result.Errors?.ToDictionary(e => e.Key, e => e.Value) ?? new();
            if (_errors.Count == 0) _failure = "The item was not created.";
        }
        catch (Exception e)
        {
            _failure = "The item was not created: " + e.Message;
        }
        finally
        {
            _saving = false;
        }
    }
}
