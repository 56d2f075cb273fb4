using Portal.Engine.Payments;

namespace Portal.Tests.Engine.Payments;

public sealed class PaymentCardTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_well_formed_card_passes()
    {
        Assert.Empty(PaymentCardRules.Check(new PaymentCard("4242 4242 4242 4242", "12/26", "123"), Now));
        Assert.Empty(PaymentCardRules.Check(new PaymentCard("4000-0000-0000-0002", "1/2030", "1234"), Now.AddDays(-1)));
    }

    [Theory]
    [InlineData("", "12/30", "123", "Number", "Card number is required.")]
    [InlineData("4242 4242 4242 4241", "12/30", "123", "Number", "This card number has a typo (its check digit does not match).")]
    [InlineData("4242x4242", "12/30", "123", "Number", "Card number has 12 to 19 digits (spaces allowed).")]
    [InlineData("4242 4242 4242 4242", "11/26", "123", "Expiry", "This card has expired.")]
    [InlineData("4242 4242 4242 4242", "13/30", "123", "Expiry", "Expiry date is month/year, such as 04/29.")]
    [InlineData("4242 4242 4242 4242", "", "123", "Expiry", "Expiry date is required.")]
    [InlineData("4242 4242 4242 4242", "12/30", "12", "Cvc", "Security code is the 3 or 4 digits on the card.")]
    public void A_card_with_a_mistake_gets_a_message_at_its_field(string number, string expiry, string cvc, string field, string message)
    {
        var errors = PaymentCardRules.Check(new PaymentCard(number, expiry, cvc), Now);

        Assert.Equal(message, Assert.Single(errors, e => e.Key == field).Value);
    }

    [Fact]
    public async Task The_test_provider_declines_its_documented_test_cards_and_approves_others()
    {
        var provider = new TestPaymentProvider();
        PaymentResult Charge(string card) => provider.ChargeAsync(new PaymentRequest(10m, "EUR", new PaymentCard(card, "12/30", "123"), "test")).Result;

        Assert.Equal("Your card was declined. Try another card.", Charge(TestPaymentProvider.DeclinedCard).DeclineReason);
        Assert.Contains("insufficient funds", Charge(TestPaymentProvider.InsufficientFundsCard).DeclineReason);
        var approved = Charge(TestPaymentProvider.ApprovedCard);
        Assert.True(approved.Approved);
        Assert.Equal([approved.Reference!], provider.Charges);
        await provider.RefundAsync(approved.Reference!);
        Assert.Equal([approved.Reference!], provider.Refunds);
        Assert.True(provider.IsTest);
        Assert.Equal("Test payments: no money moves.", provider.Notice);
        Assert.Equal("card ending 0002", new PaymentCard(TestPaymentProvider.DeclinedCard, null, null).ToString());
    }
}

/// <summary>Expiry dates at the calendar's edges are a valid far expiry or a message at the field, never an exception.</summary>
public sealed class PaymentCardExpiryEdgeTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("12/9999")]
    [InlineData("1/9999")]
    [InlineData("12/2026")]
    [InlineData("12/26")]
    public void A_far_or_current_expiry_is_accepted(string expiry) =>
        Assert.Empty(PaymentCardRules.Check(new PaymentCard(TestPaymentProvider.ApprovedCard, expiry, "123"), Now));

    [Theory]
    [InlineData("01/0001", "This card has expired.")]
    [InlineData("1/0001", "This card has expired.")]
    [InlineData("11/2026", "This card has expired.")]
    [InlineData("13/2030", "Expiry date is month/year, such as 04/29.")]
    [InlineData("00/2030", "Expiry date is month/year, such as 04/29.")]
    [InlineData("12/10000", "Expiry date is month/year, such as 04/29.")]
    [InlineData("12/0000", "Expiry date is month/year, such as 04/29.")]
    public void An_expiry_at_the_calendars_edge_gets_a_message_at_its_field(string expiry, string message) =>
        Assert.Equal(message, PaymentCardRules.Check(new PaymentCard(TestPaymentProvider.ApprovedCard, expiry, "123"), Now)["Expiry"]);

    [Fact]
    public void Today_at_the_end_of_the_calendar_does_not_throw()
    {
        var lastMonth = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc);
        Assert.Empty(PaymentCardRules.Check(new PaymentCard(TestPaymentProvider.ApprovedCard, "12/9999", "123"), lastMonth));
        Assert.Equal("This card has expired.", PaymentCardRules.Check(new PaymentCard(TestPaymentProvider.ApprovedCard, "11/9999", "123"), lastMonth)["Expiry"]);
        Assert.Empty(PaymentCardRules.Check(new PaymentCard(TestPaymentProvider.ApprovedCard, "01/0001", "123"), DateTime.MinValue));
    }
}

/// <summary>The test provider keeps no card data: reference, amount, currency and last four digits, for the latest charges only.</summary>
public sealed class TestPaymentProviderMemoryTests
{
    [Fact]
    public async Task A_charge_is_remembered_without_card_number_or_security_code()
    {
        var provider = new TestPaymentProvider();
        var approved = await provider.ChargeAsync(new PaymentRequest(12.34m, "EUR", new PaymentCard(TestPaymentProvider.ApprovedCard, "12/30", "987"), "Portal order #1"));

        Assert.Equal(new TestCharge(approved.Reference!, 12.34m, "EUR", "4242"), Assert.Single(provider.ChargeRecords));
        // Nothing the provider holds can carry a card: no field of a type that has a PaymentCard or a PaymentRequest inside.
        var fields = typeof(TestPaymentProvider).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public);
        Assert.All(fields, f => Assert.DoesNotContain(Types(f.FieldType), t => t == typeof(PaymentCard) || t == typeof(PaymentRequest)));
    }

    [Fact]
    public async Task Only_the_latest_charges_and_refunds_are_remembered()
    {
        var provider = new TestPaymentProvider();
        var card = new PaymentCard(TestPaymentProvider.ApprovedCard, "12/30", "123");
        string? last = null;
        for (var i = 0; i < TestPaymentProvider.Remembered + 5; i++)
        {
            last = (await provider.ChargeAsync(new PaymentRequest(1m, "EUR", card, "test"))).Reference!;
            await provider.RefundAsync(last);
        }

        Assert.Equal(TestPaymentProvider.Remembered, provider.Charges.Count);
        Assert.Equal(TestPaymentProvider.Remembered, provider.Refunds.Count);
        Assert.Equal(last, provider.Charges.Last());
    }

    private static IEnumerable<Type> Types(Type type) =>
        new[] { type }.Concat(type.IsGenericType ? type.GetGenericArguments().SelectMany(Types) : [])
            .Concat(type.HasElementType ? Types(type.GetElementType()!) : []);
}
