using Portal.Engine.Catalog;

namespace Portal.Tests.Engine.Catalog;

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

    [Theory]
    [InlineData("Post\u0000er", "U+0000", 5)]
    [InlineData("Bell\u0007", "U+0007", 5)]
    [InlineData("Two\nlines", "U+000A", 4)]
    [InlineData("Tab\there", "U+0009", 4)]
    [InlineData("Esc\u001B[31m", "U+001B", 4)]
    [InlineData("Del\u007F", "U+007F", 4)]
    [InlineData("Next\u0085line", "U+0085", 5)]
    public void Names_and_categories_refuse_every_control_character(string text, string code, int position)
    {
        var errors = CatalogItemRules.Validate(Valid with { Name = text, Category = text });
        Assert.Equal($"Name contains a control character ({code}, character {position}); remove it, and any line breaks or tabs.", errors["Name"][0]);
        Assert.StartsWith($"Category contains a control character ({code}, character {position})", errors["Category"][0]);
    }

    [Theory]
    [InlineData("First paragraph.\n\nSecond paragraph.")]
    [InlineData("Windows\r\nline breaks")]
    [InlineData("Size:\t30 x 40 cm")]
    [InlineData("Ünïcödé, emoji 🖼️ and a zero-width joiner 👩\u200D🎨")]
    public void Descriptions_keep_line_breaks_and_tabs(string description) =>
        Assert.Empty(CatalogItemRules.Validate(Valid with { Description = description }));

    [Theory]
    [InlineData("Beep\u0007", "U+0007", 5)]
    [InlineData("NUL\u0000", "U+0000", 4)]
    [InlineData("Line\nthen ESC\u001B", "U+001B", 14)]
    [InlineData("C1 \u009B", "U+009B", 4)]
    public void Descriptions_refuse_other_control_characters(string description, string code, int position) =>
        Assert.Equal($"Description contains a control character ({code}, character {position}); only line breaks and tabs are allowed.",
            CatalogItemRules.Validate(Valid with { Description = description })["Description"][0]);
}
