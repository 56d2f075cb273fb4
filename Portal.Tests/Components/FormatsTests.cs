using System.Globalization;
using Portal.Components;

namespace Portal.Tests.Components;

/// <summary>The one format for money, rates, counts, dates and times, whatever the server's culture and time zone.</summary>
public sealed class FormatsTests
{
    [Theory]
    [InlineData("1234.5", "EUR", "1,234.50 EUR")]
    [InlineData("0", "usd", "0.00 USD")]
    [InlineData("-3.456", " GBP ", "-3.46 GBP")]
    [InlineData("1000000", "CHF", "1,000,000.00 CHF")]
    public void Money_always_carries_its_currency(string amount, string currency, string expected) =>
        Assert.Equal(expected, Formats.Money(decimal.Parse(amount, CultureInfo.InvariantCulture), currency));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Money_without_a_currency_is_refused(string currency) =>
        Assert.Throws<ArgumentException>(() => Formats.Money(1m, currency));

    [Theory]
    [InlineData("1.5", "+1.50 EUR")]
    [InlineData("-2", "−2.00 EUR")]
    [InlineData("0", "0.00 EUR")]
    public void MoneyChange_shows_the_sign(string change, string expected) =>
        Assert.Equal(expected, Formats.MoneyChange(decimal.Parse(change, CultureInfo.InvariantCulture), "EUR"));

    [Fact]
    public void Percent_and_count_are_invariant()
    {
        Assert.Equal("12.5 %", Formats.Percent(0.125m));
        Assert.Equal("10 %", Formats.Percent(0.10m));
        Assert.Equal("1,234,567", Formats.Count(1_234_567));
    }

    [Fact]
    public void Dates_and_times_are_utc_and_labelled()
    {
        var at = new DateTime(2026, 12, 4, 17, 5, 59, DateTimeKind.Utc);
        Assert.Equal("2026-12-04", Formats.Date(at));
        Assert.Equal("2026-12-04 17:05 UTC", Formats.Timestamp(at));
        // Read back from a database the kind is unspecified: the engine stores UTC.
        Assert.Equal("2026-12-04 17:05 UTC", Formats.Timestamp(DateTime.SpecifyKind(at, DateTimeKind.Unspecified)));
        Assert.Equal("2026-12-04 17:05 UTC", Formats.Timestamp(at.ToLocalTime()));
        Assert.Equal("2026-12-04 17:05 UTC", Formats.Timestamp(new DateTimeOffset(2026, 12, 4, 19, 5, 0, TimeSpan.FromHours(2))));
        Assert.Equal("2026-12-03", Formats.Date(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.FromHours(3))));
    }

    [Fact]
    public void The_server_culture_changes_nothing()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("1,234.50 EUR", Formats.Money(1234.5m, "EUR"));
            Assert.Equal("2026-01-02 03:04 UTC", Formats.Timestamp(new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc)));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("1234.5", "1234.50")]
    [InlineData("-0.1", "-0.10")]
    public void AmountInput_is_a_plain_number_to_type_over(string amount, string expected) =>
        Assert.Equal(expected, Formats.AmountInput(decimal.Parse(amount, CultureInfo.InvariantCulture)));

    [Fact]
    public void FileStamp_is_the_utc_time_without_spaces_or_colons() =>
        Assert.Equal("20261204-1723", Formats.FileStamp(new DateTime(2026, 12, 4, 17, 23, 59, DateTimeKind.Utc)));
}
