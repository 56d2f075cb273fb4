using Portal.Engine.Auditing;
using Portal.Engine.Catalog;
using Portal.Features.Catalog;

namespace Portal.Tests.Features.Catalog;

/// <summary>Prices in the history, the conflict dialog and the import preview read as money in their own currency.</summary>
public sealed class CatalogChangeTextTests
{
    private static CatalogItemFields Fields(decimal price, string currency, int stock = 4) => new()
    {
        Sku = "PRT-1", Name = "Poster", Category = "Prints", Price = price, Currency = currency, WeightGrams = 250, Stock = stock,
    };

    private static AuditEntry Entry(object? before, object? after) =>
        AuditTrail.Entry("CatalogItem", 1, "Updated", "sales", DateTime.UtcNow, before, after);

    [Fact]
    public void History_shows_each_price_in_the_currency_of_its_version()
    {
        var changes = CatalogChangeText.History(Entry(Fields(10m, "EUR"), Fields(1234.5m, "USD")), itemCurrency: "GBP");

        Assert.Equal(
            [new HistoryChange("price", "Price", "10.00 EUR", "1,234.50 USD"), new HistoryChange("currency", "Currency", "EUR", "USD")],
            changes);
    }

    [Fact]
    public void History_of_a_version_that_recorded_no_currency_reads_in_the_items_currency()
    {
        var changes = CatalogChangeText.History(Entry(new { price = 10m }, new { price = 12.5m }), itemCurrency: "CHF");

        Assert.Equal([new HistoryChange("price", "Price", "10.00 CHF", "12.50 CHF")], changes);
    }

    [Fact]
    public void Conflict_rows_show_prices_with_the_items_currency_and_the_wanted_one_in_the_currency_it_would_have()
    {
        var seen = new CatalogItem { Sku = "PRT-1", Name = "Poster", Category = "Prints", Price = 10m, Currency = "USD" };
        var current = seen.Snapshot();
        current.Price = 20m;

        var kept = CatalogFields.ConflictRows(seen, current, new CatalogItemPatch { Price = 15m });
        Assert.Equal(new ConflictRow("Price", "10.00 USD", "20.00 USD", "15.00 USD"), Assert.Single(kept));

        var moved = CatalogFields.ConflictRows(seen, current, new CatalogItemPatch { Price = 15m, Currency = "EUR" });
        Assert.Equal("15.00 EUR", moved.Single(r => r.Label == "Price").Yours);
    }

    [Fact]
    public void Conflict_rows_list_a_price_only_when_the_price_itself_changed()
    {
        var seen = new CatalogItem { Sku = "PRT-1", Name = "Poster", Category = "Prints", Price = 10m, Currency = "EUR" };
        var current = seen.Snapshot();
        current.Currency = "USD";

        var row = Assert.Single(CatalogFields.ConflictRows(seen, current, patch: null));
        Assert.Equal(new ConflictRow("Currency", "EUR", "USD", null), row);
    }

    [Fact]
    public void Import_changes_show_prices_as_money_and_leave_unchanged_fields_out()
    {
        Assert.Equal(["price: 9.99 EUR → 12.50 EUR", "stock: 4 → 99"], CatalogChangeText.Import(Fields(9.99m, "EUR"), Fields(12.5m, "EUR", stock: 99)));
        Assert.Equal(["currency: EUR → USD"], CatalogChangeText.Import(Fields(9.99m, "EUR"), Fields(9.99m, "USD")));
        Assert.Empty(CatalogChangeText.Import(Fields(9.99m, "EUR"), Fields(9.99m, "EUR")));
    }
}
