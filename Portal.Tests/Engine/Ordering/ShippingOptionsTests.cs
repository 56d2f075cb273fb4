using Microsoft.Extensions.Options;
using Portal.Engine.Ordering;

namespace Portal.Tests.Engine.Ordering;

public sealed class ShippingOptionsTests
{
    [Fact]
    public void Without_settings_the_shop_offers_standard_and_express_priced_by_weight()
    {
        var rates = new ShippingRates(Options.Create(new ShippingOptions()));

        var quotes = rates.For("EUR", 2500);

        Assert.Equal([("Standard", 6.40m), ("Express", 15.90m)], quotes.Select(q => (q.Code, q.Price)));
        Assert.Empty(rates.For("GBP", 100));
        Assert.Equal("Express", rates.Find("express", "EUR", 100)!.Code);
        Assert.Null(rates.Find("Teleport", "EUR", 100));
    }

    [Fact]
    public void Configured_methods_replace_the_defaults()
    {
        var rates = new ShippingRates(Options.Create(new ShippingOptions { Methods = [new() { Code = "Pickup", Name = "Pick up in store", Currency = "EUR" }] }));

        Assert.Equal([("Pickup", 0m)], rates.For("EUR", 5000).Select(q => (q.Code, q.Price)));
    }

    [Fact]
    public void Nonsense_settings_are_refused_naming_the_setting()
    {
        var options = new ShippingOptions
        {
            Methods =
            [
                new() { Code = "Standard", Name = "Standard", Currency = "EUR", BasePrice = -1m },
                new() { Code = "bad code!", Name = "", Currency = "euro", PricePerKg = 0.001m },
                new() { Code = "standard", Name = "Again", Currency = "EUR" },
            ],
        };

        var result = new ShippingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Shipping:Methods:0:BasePrice must be 0 to 10000 with at most two decimals (got -1).", result.Failures!);
        Assert.Contains("Shipping:Methods:1:Code must be 1-24 letters, digits or '-' (got 'bad code!').", result.Failures!);
        Assert.Contains("Shipping:Methods:1:Name is required (at most 60 characters).", result.Failures!);
        Assert.Contains("Shipping:Methods:1:Currency must be a three-letter ISO code such as EUR (got 'euro').", result.Failures!);
        Assert.Contains("Shipping:Methods:1:PricePerKg must be 0 to 1000 with at most two decimals (got 0.001).", result.Failures!);
        Assert.Contains("Shipping:Methods has STANDARD in EUR more than once.", result.Failures!);
        Assert.True(new ShippingOptionsValidator().Validate(null, new ShippingOptions()).Succeeded);
    }
}
