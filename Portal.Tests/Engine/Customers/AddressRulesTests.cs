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
            ["Country"] = "Country is at most 2 characters.",
        }, errors);
        Assert.Equal("Country is a two-letter ISO code such as DE.", AddressRules.Check(new AddressDraft { Country = "D1" }).Errors["Country"]);
    }
}
