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
