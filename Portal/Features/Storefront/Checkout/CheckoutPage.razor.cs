using Portal.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Engine.Customers;
using Portal.Engine.Ordering;
using Portal.Engine.Payments;
using Portal.Engine.Storefront;

namespace Portal.Features.Storefront.Checkout;

public partial class CheckoutPage
{
    [Inject] private CartService Carts { get; set; } = default!;
    [Inject] private AddressBook AddressBook { get; set; } = default!;
    [Inject] private ShippingRates Shipping { get; set; } = default!;
    [Inject] private CheckoutService Checkout { get; set; } = default!;
    [Inject] private IPaymentProvider Payments { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<CheckoutPage> Log { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string _userId = "";
    private CartView? _cart;
    private IReadOnlyList<SavedAddress> _addresses = [];
    private IReadOnlyList<ShippingQuote> _quotes = [];
    private CheckoutStage _stage = CheckoutStage.Review;
    private int? _addressId;
    private string? _methodCode;
    private bool _paying;
    private string? _error;
    private string? _declined;
    private IReadOnlyDictionary<string, string>? _cardErrors;
    private ElementReference _stepHeading;
    private bool _focusHeading;

    private ShippingQuote? Quote => _quotes.FirstOrDefault(q => q.Code == _methodCode);
    /// <summary>Shipping counts in the price from the shipping step on, once the shopper sees the choice.</summary>
    private ShippingQuote? PricedQuote => _stage >= CheckoutStage.Shipping ? Quote : null;
    private SavedAddress? ShipTo => _addresses.FirstOrDefault(a => a.Id == _addressId);
    private OrderPrice Price => OrderPricing.Price(_cart!.Lines.Select(l => l.LineTotal), _cart.DiscountRate, PricedQuote?.Price ?? 0m);
    private string DiscountLabel => _cart?.Tier is { } tier ? $"Member discount ({tier}, {Formats.Percent(_cart.DiscountRate)})" : "Member discount";

    protected override async Task OnInitializedAsync()
    {
        _userId = ShopUser.IdOf((await AuthenticationState).User) ?? "";
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _cart = await Carts.GetAsync(_userId);
        _addresses = await AddressBook.ListAsync(_userId);
        _addressId = _addresses.Any(a => a.Id == _addressId) ? _addressId : _addresses.FirstOrDefault()?.Id;
        _quotes = Shipping.For(_cart.Currency, _cart.WeightGrams);
        _methodCode = _quotes.Any(q => q.Code == _methodCode) ? _methodCode : _quotes.FirstOrDefault()?.Code;
    }

    private Task GoToAsync(CheckoutStage stage)
    {
        _stage = stage;
        _error = null;
        _focusHeading = true;
        return Task.CompletedTask;
    }

    private async Task AddressSavedAsync(SavedAddress saved)
    {
        _addresses = await AddressBook.ListAsync(_userId);
        _addressId = saved.Id;
    }

    private async Task PayAsync(PaymentCard card)
    {
        if (ShipTo is not { } address || Quote is not { } quote) return;
        _paying = true;
        (_error, _declined, _cardErrors) = (null, null, null);
        try
        {
            var result = await Checkout.CheckoutAsync(_userId, new CheckoutRequest(address.Address, quote.Code, card, Price.Total));
            if (result.Succeeded)
            {
                Navigation.NavigateTo($"/shop/orders/{result.OrderId}?placed=true");
                return;
            }
            await ShowFailureAsync(result);
        }
        catch (Exception e)
        {
            Log.LogError(e, "Checkout failed for {User}", _userId);
            _error = "Something went wrong while placing your order. Please look at My orders before you try again.";
        }
        finally
        {
            _paying = false;
        }
    }

    /// <summary>A refused card stays on the payment step; anything else goes back to the step it is about.</summary>
    private async Task ShowFailureAsync(CheckoutResult result)
    {
        if (result.FailedAt == CheckoutStep.Payment)
        {
            _cardErrors = result.FieldErrors;
            _declined = result.FieldErrors is null ? result.Error : null;
            return;
        }
        await LoadAsync();
        await GoToAsync(result.FailedAt switch
        {
            CheckoutStep.Address => CheckoutStage.Address,
            CheckoutStep.Shipping => CheckoutStage.Shipping,
            _ => CheckoutStage.Review,
        });
        _error = result.Error;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_focusHeading) return;
        _focusHeading = false;
        try
        {
            await _stepHeading.FocusAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.JSInterop.JSException)
        {
            // Prerendering, or the heading is not on screen (the cart emptied meanwhile): nothing to focus.
        }
    }
}
