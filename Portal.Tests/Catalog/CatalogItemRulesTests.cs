using Portal.Engine.Catalog;

namespace Portal.Tests.Catalog;

public sealed class CatalogItemRulesTests
{
    private static readonly CatalogItemFields Valid = new()
    {
        Sku = "PRT-00042", Name = "Poster", Category = "Prints", Price = 19.99m, Currency = "EUR", WeightGrams = 200, Stock = 5,
    };

    [Fact]
    public void A_complete_item_is_valid() => Assert.Empty(CatalogItemRules.Validate(Valid));

    [Theory]
    [InlineData("", "SKU is required.")]
    [InlineData("AB", "SKU is 3 to 32 characters.")]
    [InlineData("prt-1", "SKU is upper-case letters")]
    [InlineData("PRT--1", "SKU is upper-case letters")]
    [InlineData("PRT-1-", "SKU is upper-case letters")]
    [InlineData("PRT 1", "SKU is upper-case letters")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "SKU is 3 to 32 characters.")]
    public void Malformed_sku_is_refused(string sku, string message) =>
        Assert.StartsWith(message, CatalogItemRules.Validate(Valid with { Sku = sku })["Sku"][0]);

    [Theory]
    [InlineData("-0.01", "Price cannot be negative.")]
    [InlineData("1.999", "Price has at most two decimals.")]
    [InlineData("1000000.01", "Price is at most 1000000.")]
    public void Bad_price_is_refused(string price, string message) =>
        Assert.Equal(message, CatalogItemRules.Validate(Valid with { Price = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) })["Price"][0]);

    [Theory]
    [InlineData("0")]
    [InlineData("0.10")]
    [InlineData("999999.99")]
    public void Price_with_up_to_two_decimals_is_fine(string price) =>
        Assert.Null(CatalogItemRules.PriceError(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1_000_001)]
    public void Weight_must_be_positive_and_bounded(int grams) => Assert.NotNull(CatalogItemRules.WeightError(grams));

    [Fact]
    public void Name_is_required_and_bounded()
    {
        Assert.Equal("Name is required.", CatalogItemRules.Validate(Valid with { Name = "  " })["Name"][0]);
        Assert.Equal("Name is at most 120 characters.", CatalogItemRules.Validate(Valid with { Name = new string('x', 121) })["Name"][0]);
    }

    [Fact]
    public void Normalizing_trims_and_upper_cases_codes()
    {
        var normalized = (Valid with { Sku = " prt-7 ", Name = " Poster ", Currency = "eur" }).Normalized();
        Assert.Equal(("PRT-7", "Poster", "EUR"), (normalized.Sku, normalized.Name, normalized.Currency));
    }
}
