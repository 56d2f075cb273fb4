using Portal.Engine.Customers;

namespace Portal.Tests.Engine.Customers;

public sealed class AddressRulesTests
{
    [Fact]
    public void A_good_address_is_trimmed_and_its_country_upper_cased()
    {
        var (address, label, errors) = AddressRules.Check(new AddressDraft { Line1 = " 5 Elm Road ", PostalCode = "SW1A 1AA", City = "London", Country = "gb" });

        Assert.Empty(errors);
        Assert.Equal("Address", label);
        Assert.Equal(new PostalAddress { Line1 = "5 Elm Road", PostalCode = "SW1A 1AA", City = "London", Country = "GB" }, address);
    }

    [Fact]
    public void Every_field_with_a_mistake_gets_its_own_message()
    {
        var (address, _, errors) = AddressRules.Check(new AddressDraft
        {
            Label = new string('x', 41), Line1 = "  ", Line2 = "Flat\t2", PostalCode = "10/115", City = "", Country = "Germany",
        });

        Assert.Null(address);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Label"] = "Label is at most 40 characters.",
            ["Line1"] = "Street and number is required.",
            ["Line2"] = "Second line contains a control character (U+0009, character 5); remove it, and any line breaks or tabs.",
            ["PostalCode"] = "Postal code has letters, digits, spaces and '-' only.",
            ["City"] = "City is required.",
            ["Country"] = "Use the two-letter country code, e.g. DE.",
        }, errors);
        Assert.Equal("Use the two-letter country code, e.g. DE.", AddressRules.Check(new AddressDraft { Country = "D1" }).Errors["Country"]);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ZZ")]
    [InlineData("EU")]
    [InlineData("UK")]
    [InlineData("Germany")]
    [InlineData("DEU")]
    [InlineData("D")]
    public void A_country_that_is_not_an_assigned_two_letter_code_is_refused_at_the_field(string country) =>
        Assert.Equal("Use the two-letter country code, e.g. DE.", AddressRules.Check(Good with { Country = country }).Errors["Country"]);

    [Theory]
    [InlineData("de", "DE")]
    [InlineData(" ge ", "GE")]
    [InlineData("AX", "AX")]
    [InlineData("US", "US")]
    public void An_assigned_code_in_any_case_is_accepted(string country, string stored) =>
        Assert.Equal(stored, AddressRules.Check(Good with { Country = country }).Address!.Country);

    [Fact]
    public void Every_region_dotnet_knows_is_accepted_and_the_list_has_the_assigned_codes()
    {
        var regions = System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.SpecificCultures)
            .Select(c => new System.Globalization.RegionInfo(c.Name).TwoLetterISORegionName)
            .Where(code => code.Length == 2 && code.All(char.IsAsciiLetterUpper)).Distinct()
            // Exceptionally reserved, not countries: Diego Garcia, Ceuta and Melilla, Canary Islands (their addresses use IO or ES).
            .Except(["DG", "EA", "IC"]).ToList();

        Assert.All(regions, code => Assert.True(CountryCodes.IsAssigned(code), $"{code} is a region .NET knows"));
        Assert.Equal(250, CountryCodes.All.Count);
        Assert.All(CountryCodes.All, code => Assert.Matches("^[A-Z]{2}$", code));
    }

    private static AddressDraft Good => new() { Line1 = "5 Elm Road", PostalCode = "10115", City = "Berlin", Country = "DE" };
}
