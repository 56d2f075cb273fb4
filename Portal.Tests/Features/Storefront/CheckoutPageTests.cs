using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Customers;
using Portal.Engine.Identity;
using Portal.Engine.Ordering;
using Portal.Engine.Payments;
using Portal.Features.Storefront.Checkout;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Storefront;

/// <summary>Each checkout step over the real engine: review, address, shipping, payment (a test card that pays, one that is declined).</summary>
public sealed class CheckoutPageTests() : CommerceTestContext(Roles.Customer, "cleo@example.com")
{
    private async Task<IRenderedComponent<PageHost>> CheckoutWithPostersAsync(int quantity = 2, MembershipTier tier = MembershipTier.Silver, bool savedAddress = true)
    {
        await ShopperAsync(tier: tier, savedAddress: savedAddress);
        var poster = await ItemAsync("Poster", price: 20m, stock: 4, grams: 300);
        Assert.Null(await Cart.AddAsync(UserId, poster.Id, quantity));
        var page = RenderPage<CheckoutPage>();
        page.WaitForElement("[data-testid=review-continue]", Patience);
        return page;
    }

    private static void Click(IRenderedComponent<PageHost> page, string testId, string waitFor)
    {
        page.Find($"[data-testid={testId}]").Click();
        page.WaitForElement($"[data-testid={waitFor}]", Patience);
    }

    private static void ToPayment(IRenderedComponent<PageHost> page)
    {
        Click(page, "review-continue", "address-continue");
        Click(page, "address-continue", "shipping-continue");
        Click(page, "shipping-continue", "pay");
    }

    private static void Pay(IRenderedComponent<PageHost> page, string card, string expiry = "12/40", string cvc = "123")
    {
        page.Find("[data-testid=card-number]").Change(card);
        page.Find("[data-testid=card-expiry]").Change(expiry);
        page.Find("[data-testid=card-cvc]").Change(cvc);
        page.Find("[data-testid=pay]").Click();
    }

    [Fact]
    public async Task Review_shows_the_lines_discount_totals_and_weight_and_marks_the_current_step()
    {
        var page = await CheckoutWithPostersAsync();

        Assert.Equal("Step 1 of 4: Review", Text(page, "step-heading"));
        Assert.Equal("step", page.Find("[data-testid=step-review]").GetAttribute("aria-current"));
        Assert.Contains("Poster", Text(page, "review-line"));
        Assert.Equal(("40.00 EUR", "−2.00 EUR", "38.00 EUR", "600 g"),
            (Text(page, "summary-subtotal"), Text(page, "summary-discount"), Text(page, "summary-total"), Text(page, "summary-weight")));
        Assert.Contains("Silver, 5 %", Text(page, "summary-discount-label"));
        Assert.Empty(page.FindAll("[data-testid=summary-shipping]"));
    }

    [Fact]
    public async Task The_address_step_offers_the_saved_address_and_refuses_a_new_one_at_its_fields()
    {
        var page = await CheckoutWithPostersAsync();
        Click(page, "review-continue", "address-continue");
        Assert.Contains("Home", Text(page, "saved-address"));
        Assert.False(page.Find("[data-testid=address-continue]").HasAttribute("disabled"));

        Click(page, "address-add", "address-form");
        page.Find("[data-testid=address-postal-code]").Change("10/115");
        // A country name is neither cut to two letters ("Ge" would be Georgia) nor accepted.
        Assert.NotEqual("2", page.Find("[data-testid=address-country]").GetAttribute("maxlength"));
        page.Find("[data-testid=address-country]").Change("Germany");
        page.Find("[data-testid=address-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("Street and number is required.", FieldError(page, "address-line1")), Patience);
        Assert.Equal("Postal code has letters, digits, spaces and '-' only.", FieldError(page, "address-postal-code"));
        Assert.Equal("City is required.", FieldError(page, "address-city"));
        Assert.Equal("Use the two-letter country code, e.g. DE.", FieldError(page, "address-country"));
        Assert.Single(await new AddressBook(new TestDbContextFactory(Database)).ListAsync(UserId));
    }

    [Fact]
    public async Task A_new_address_is_saved_chosen_and_shipped_to()
    {
        var page = await CheckoutWithPostersAsync(savedAddress: false);
        Click(page, "review-continue", "address-none");
        Assert.True(page.Find("[data-testid=address-continue]").HasAttribute("disabled"));

        Click(page, "address-add", "address-form");
        page.Find("[data-testid=address-label]").Change("Office");
        page.Find("[data-testid=address-line1]").Change("9 Quay");
        page.Find("[data-testid=address-postal-code]").Change("1011");
        page.Find("[data-testid=address-city]").Change("Amsterdam");
        page.Find("[data-testid=address-country]").Change("nl");
        page.Find("[data-testid=address-save]").Click();
        page.WaitForElement("[data-testid=saved-address]", Patience);
        Click(page, "address-continue", "shipping-continue");
        Click(page, "shipping-continue", "pay");
        Assert.Contains("Amsterdam", Text(page, "checkout-ship-to"));
        Pay(page, TestPaymentProvider.ApprovedCard);

        page.WaitForAssertion(() => Assert.Matches(@"/shop/orders/\d+\?placed=true$", Navigation.Uri), Patience);
        var order = await StoredOrderAsync(int.Parse(Navigation.Uri.Split('/').Last().Split('?')[0]));
        Assert.Equal(("9 Quay", "Amsterdam", "NL"), (order.ShippingAddress.Line1, order.ShippingAddress.City, order.ShippingAddress.Country));
    }

    [Fact]
    public async Task Editing_a_saved_address_changes_it_for_this_and_later_orders()
    {
        var page = await CheckoutWithPostersAsync();
        Click(page, "review-continue", "address-continue");
        var id = page.Find("[data-testid=saved-address]").GetAttribute("data-address-id");

        Click(page, $"address-edit-{id}", "address-form");
        Assert.Equal("1 Main Street", page.Find("[data-testid=address-line1]").GetAttribute("value"));
        page.Find("[data-testid=address-line1]").Change("2 Side Street");
        page.Find("[data-testid=address-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("2 Side Street", Text(page, "saved-address")), Patience);
        Assert.Equal("2 Side Street", Assert.Single(await new AddressBook(new TestDbContextFactory(Database)).ListAsync(UserId)).Address.Line1);
    }

    [Fact]
    public async Task The_shipping_step_prices_each_method_for_the_weight_and_the_summary_adds_the_chosen_one()
    {
        var page = await CheckoutWithPostersAsync(quantity: 4);
        Click(page, "review-continue", "address-continue");
        Click(page, "address-continue", "shipping-continue");

        // 4 x 300 g = 1.2 kg: two started kilograms.
        Assert.Equal(("5.90 EUR", "14.90 EUR"), (Text(page, "shipping-price-Standard"), Text(page, "shipping-price-Express")));
        Assert.Equal("5.90 EUR", Text(page, "summary-shipping"));
        Assert.Equal("81.90 EUR", Text(page, "summary-total")); // 80.00 - 4.00 + 5.90

        page.Find("[data-testid=shipping-option][data-code=Express] input").Click();

        page.WaitForAssertion(() => Assert.Equal("14.90 EUR", Text(page, "summary-shipping")), Patience);
        Assert.Equal("90.90 EUR", Text(page, "summary-total"));
        Click(page, "shipping-continue", "pay");
        Assert.Equal("Pay 90.90 EUR", Text(page, "pay"));
    }

    [Fact]
    public async Task Payment_says_it_is_a_test_and_shows_card_mistakes_at_their_fields_without_ordering()
    {
        var page = await CheckoutWithPostersAsync();
        ToPayment(page);
        Assert.Contains("Test payments: no money moves.", Text(page, "payment-test-notice"));
        Assert.Contains(TestPaymentProvider.DeclinedCard, Text(page, "payment-test-notice"));

        Pay(page, "4242 4242 4242 4241", expiry: "01/20", cvc: "1");

        page.WaitForAssertion(() => Assert.Equal("This card number has a typo (its check digit does not match).", FieldError(page, "card-number")), Patience);
        Assert.Equal("This card has expired.", FieldError(page, "card-expiry"));
        Assert.Equal("Security code is the 3 or 4 digits on the card.", FieldError(page, "card-cvc"));
        Assert.Empty(Payments.Charges);
        await using var db = Database.NewContext();
        Assert.Equal(0, await db.Orders.CountAsync());
    }

    [Fact]
    public async Task A_declined_card_says_so_and_keeps_cart_and_stock_and_another_card_then_pays()
    {
        var page = await CheckoutWithPostersAsync();
        ToPayment(page);

        Pay(page, TestPaymentProvider.DeclinedCard);

        page.WaitForAssertion(() => Assert.Contains("Your card was declined. Try another card.", Text(page, "payment-declined")), Patience);
        Assert.Contains("nothing was ordered or charged", Text(page, "payment-declined"));
        Assert.Equal(2, (await Cart.GetAsync(UserId)).Lines.Single().Quantity);
        await using (var db = Database.NewContext())
        {
            Assert.Equal(4, (await db.CatalogItems.SingleAsync()).Stock);
            Assert.Equal(0, await db.Orders.CountAsync());
        }

        Pay(page, TestPaymentProvider.ApprovedCard);

        page.WaitForAssertion(() => Assert.Matches(@"/shop/orders/\d+\?placed=true$", Navigation.Uri), Patience);
        var order = await StoredOrderAsync(int.Parse(Navigation.Uri.Split('/').Last().Split('?')[0]));
        // 40.00 - 5 % + Standard for 600 g (4.90 + 0.50).
        Assert.Equal((OrderStatus.Paid, 40m, 2m, "Standard", 5.40m, 43.40m, 600),
            (order.Status, order.Subtotal, order.Discount, order.ShippingMethod, order.ShippingPrice, order.Total, order.TotalWeightGrams));
        Assert.Equal(Assert.Single(Payments.Charges), order.PaymentReference);
        Assert.Empty((await Cart.GetAsync(UserId)).Lines);
    }

    [Fact]
    public async Task Stock_gone_meanwhile_takes_the_shopper_back_to_review_with_why()
    {
        var page = await CheckoutWithPostersAsync();
        ToPayment(page);
        await SetStockAsync((await Cart.GetAsync(UserId)).Lines.Single().CatalogItemId, 1);

        Pay(page, TestPaymentProvider.ApprovedCard);

        page.WaitForAssertion(() => Assert.Contains("Only 1 of Poster left (you wanted 2); lower the quantity.", Text(page, "checkout-error")), Patience);
        Assert.Equal("Step 1 of 4: Review", Text(page, "step-heading"));
        Assert.Equal("Only 1 left", Text(page, "review-problem"));
        Assert.Empty(Payments.Charges);
    }

    [Fact]
    public async Task Another_tab_that_checked_out_first_leaves_one_order_and_this_tab_is_told()
    {
        var otherTab = new CheckoutInAnotherTab(() => Checkout.CheckoutAsync(UserId, ShopData.Request()));
        CheckoutInterceptors.Add(otherTab);
        var page = await CheckoutWithPostersAsync();
        ToPayment(page);

        Pay(page, TestPaymentProvider.ApprovedCard);

        page.WaitForAssertion(() => Assert.Contains("Your cart changed while you were checking out; nothing was charged.", Text(page, "checkout-error")), Patience);
        await using var db = Database.NewContext();
        Assert.Equal([otherTab.OtherTabResult!.OrderId!.Value], await db.Orders.Select(o => o.Id).ToListAsync());
        Assert.Single(Payments.Charges);
        Assert.Contains("Your cart is empty.", Text(page, "checkout-empty"));
    }

    [Fact]
    public async Task Done_steps_can_be_gone_back_to()
    {
        var page = await CheckoutWithPostersAsync();
        ToPayment(page);

        page.Find("[data-testid=step-address] button").Click();

        page.WaitForAssertion(() => Assert.Equal("Step 2 of 4: Address", Text(page, "step-heading")), Patience);
        Assert.Equal("done", page.Find("[data-testid=step-review]").GetAttribute("data-state"));
        Assert.Equal("todo", page.Find("[data-testid=step-payment]").GetAttribute("data-state"));
    }

    [Fact]
    public async Task An_empty_cart_has_no_checkout()
    {
        await ShopperAsync();
        var empty = RenderPage<CheckoutPage>();
        empty.WaitForAssertion(() => Assert.Contains("Your cart is empty.", Text(empty, "checkout-empty")), Patience);
    }
}
