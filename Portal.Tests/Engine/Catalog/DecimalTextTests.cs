using Portal.Engine.Catalog;

namespace Portal.Tests.Engine.Catalog;

/// <summary>The one reader of typed decimals (CSV prices, the grid's price cell, the item form, the price-change percentage).</summary>
public sealed class DecimalTextTests
{
    [Theory]
    [InlineData("12.50", "12.50")]
    [InlineData("  7 ", "7")]
    [InlineData("-15", "-15")]
    [InlineData("+10", "10")]
    [InlineData(".5", "0.5")]
    [InlineData("0.001", "0.001")]
    public void Reads_invariant_numbers_with_a_dot(string text, string expected)
    {
        var reading = DecimalText.Read(text);
        Assert.Equal((DecimalTextProblem.None, decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), (reading.Problem, reading.Value));
        Assert.Equal(text.Trim(), reading.Text);
    }

    [Theory]
    [InlineData(null, DecimalTextProblem.Empty)]
    [InlineData("   ", DecimalTextProblem.Empty)]
    [InlineData("12,50", DecimalTextProblem.Comma)]
    [InlineData("1,250.00", DecimalTextProblem.Comma)]
    [InlineData("1e3", DecimalTextProblem.NotANumber)]
    [InlineData("12.5.1", DecimalTextProblem.NotANumber)]
    [InlineData("1 000", DecimalTextProblem.NotANumber)]
    [InlineData("€12", DecimalTextProblem.NotANumber)]
    [InlineData("12%", DecimalTextProblem.NotANumber)]
    [InlineData("abc", DecimalTextProblem.NotANumber)]
    [InlineData("99999999999999999999999999999999", DecimalTextProblem.NotANumber)]
    public void Refuses_what_is_not_a_plain_number(string? text, DecimalTextProblem problem)
    {
        var reading = DecimalText.Read(text);
        Assert.Equal((problem, false), (reading.Problem, reading.IsNumber));
    }

    [Theory]
    [InlineData("12,50", "Use a dot for decimals, such as 12.50.")]
    [InlineData("", "Price is required.")]
    [InlineData("1e3", "'1e3' is not a price; type a number such as 12.50.")]
    public void The_forms_word_its_problems_as_before(string text, string message) =>
        Assert.Equal(message, Portal.Features.Catalog.CatalogFields.ParsePrice(text).Error);
}
