using Portal.Engine.Ordering;

namespace Portal.Tests.Engine.Ordering;

/// <summary>The one pricing rule: cents, half away from zero, per line first, then the discount on the rounded lines.</summary>
public sealed class OrderPricingTests
{
    [Theory]
    [InlineData("0.125", "0.13")] // half-to-even would give 0.12
    [InlineData("0.135", "0.14")]
    [InlineData("2.675", "2.68")]
    [InlineData("0.124999", "0.12")]
    [InlineData("-0.125", "-0.13")]
    [InlineData("10", "10.00")]
    public void Amounts_round_to_cents_with_halves_away_from_zero(string amount, string cents) =>
        Assert.Equal(decimal.Parse(cents, System.Globalization.CultureInfo.InvariantCulture),
            OrderPricing.ToCents(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_line_is_rounded_before_lines_are_summed()
    {
        // 3 x 0.335 = 1.005 -> 1.01 per line; two such lines are 2.02, not round(2.010) = 2.01.
        var lines = new[] { OrderPricing.LineTotal(0.335m, 3), OrderPricing.LineTotal(0.335m, 3) };
        Assert.Equal([1.01m, 1.01m], lines);
        Assert.Equal(2.02m, OrderPricing.Price(lines, 0m, 0m).Subtotal);
    }

    [Fact]
    public void The_discount_is_taken_on_the_rounded_subtotal_and_rounded_half_away_from_zero()
    {
        // 5 % of 12.50 is 0.625: away from zero 0.63 (half-to-even, as the demo generator used to round, 0.62).
        var price = OrderPricing.Price([12.50m], 0.05m, 0m);
        Assert.Equal((12.50m, 0.63m, 0m, 11.87m), (price.Subtotal, price.Discount, price.Shipping, price.Total));
    }

    [Fact]
    public void Shipping_is_added_after_the_discount_and_never_discounted()
    {
        var price = OrderPricing.Price([39.98m], 0.10m, 5.40m);
        Assert.Equal((39.98m, 4.00m, 5.40m, 41.38m), (price.Subtotal, price.Discount, price.Shipping, price.Total));
    }

    [Theory]
    [InlineData(0, "4.90")]
    [InlineData(1, "5.40")]
    [InlineData(1000, "5.40")]
    [InlineData(1001, "5.90")]
    [InlineData(2500, "6.40")]
    public void Shipping_costs_its_base_price_plus_each_started_kilogram(int grams, string expected)
    {
        var standard = new ShippingMethod { Code = "Standard", Name = "Standard", BasePrice = 4.90m, PricePerKg = 0.50m };
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), OrderPricing.Shipping(standard, grams));
    }

    [Fact]
    public void Apply_writes_the_amounts_and_weight_onto_the_order()
    {
        var order = new Order
        {
            ShippingAddress = new() { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" },
            Lines = [new() { Sku = "A", Name = "A", LineTotal = OrderPricing.LineTotal(19.99m, 2), LineWeightGrams = 900 }],
        };

        OrderPricing.Apply(order, 0.15m, 5.40m);

        // 15 % of 39.98 = 5.997 -> 6.00
        Assert.Equal((39.98m, 6.00m, 5.40m, 39.38m, 900), (order.Subtotal, order.Discount, order.ShippingPrice, order.Total, order.TotalWeightGrams));
    }
}
