using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;

namespace Portal.Tests.Features.Catalog;

/// <summary>Editing in the catalog grid's cells over a real database: saves, messages at the field, conflicts.</summary>
public sealed class CatalogCellEditTests : CatalogTestContext
{
    private async Task SeedShopAsync() => await SeedAsync(
        Item("PRT-1", "Poster", "Prints", 10.00m),
        Item("PRT-2", "Canvas", "Prints", 29.90m, active: false),
        Item("FRM-1", "Oak Frame", "Frames", 19.99m),
        new CatalogItem { Sku = "OLD-1", Name = "Old Mug", Category = "Home", Price = 4m, WeightGrams = 300, ArchivedAt = DateTime.UtcNow });

    [Fact]
    public async Task Valid_inline_price_edit_is_saved_with_a_new_version_and_audited()
    {
        await SeedShopAsync();
        var before = await StoredAsync("PRT-1");
        var page = RenderCatalog("PRT-1");

        var price = page.Find("[data-testid=price-PRT-1]");
        price.Input("12.34");
        price.KeyDown(Key.Enter);

        await WaitForStoredAsync("PRT-1", i => i.Price == 12.34m);
        var after = await StoredAsync("PRT-1");
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal("Poster", after.Name);
        page.WaitForAssertion(() => Assert.Contains("PRT-1: Price saved.", page.Markup), Patience);
        Assert.Equal("12.34", page.Find("[data-testid=price-PRT-1]").GetAttribute("value"));

        var history = await OtherUser.HistoryAsync(after.Id);
        Assert.Equal(SalesUser, Assert.Single(history).UserName);
    }

    [Theory]
    [InlineData("price", "-1", "Price cannot be negative.")]
    [InlineData("price", "1.999", "Price has at most two decimals.")]
    [InlineData("price", "abc", "'abc' is not a price; type a number such as 12.50.")]
    [InlineData("name", "   ", "Name is required.")]
    [InlineData("stock", "-3", "Stock cannot be negative.")]
    [InlineData("weight", "0", "Weight must be more than 0 grams.")]
    [InlineData("category", "", "Category is required.")]
    [InlineData("price", "1,50", "Use a dot for decimals, such as 12.50.")]
    [InlineData("name", "Bad\u0007name", "Name contains a control character (U+0007, character 4); remove it, and any line breaks or tabs.")]
    [InlineData("category", "Pri\u001Bnts", "Category contains a control character (U+001B, character 4); remove it, and any line breaks or tabs.")]
    public async Task Invalid_inline_value_shows_the_message_at_the_field_and_is_never_saved(string field, string typed, string message)
    {
        await SeedShopAsync();
        var before = await StoredAsync("PRT-1");
        var page = RenderCatalog("PRT-1");

        await Task.Delay(100);
        var databaseUses = UiDatabaseUses;
        var input = page.Find($"[data-testid={field}-PRT-1]");
        input.Input(typed);
        input.KeyDown(Key.Enter);
        page.Find($"[data-testid={field}-PRT-1]").Blur();

        page.WaitForAssertion(() => Assert.Equal(message, FieldMessage(page, $"{field}-PRT-1")), Patience);
        await Task.Delay(200);
        Assert.Equal(databaseUses, UiDatabaseUses); // checked before the service was asked: it never was
        var after = await StoredAsync("PRT-1");
        Assert.Equal((before.Version, before.Price, before.Name, before.Stock, before.WeightGrams, before.Category),
            (after.Version, after.Price, after.Name, after.Stock, after.WeightGrams, after.Category));

        // Escape puts the stored value back and clears the message.
        page.Find($"[data-testid={field}-PRT-1]").KeyDown(Key.Escape);
        page.WaitForAssertion(() => Assert.Equal("", FieldMessage(page, $"{field}-PRT-1")), Patience);
        var shown = page.Find($"[data-testid={field}-PRT-1]").GetAttribute("value");
        Assert.Equal(field switch { "price" => "10.00", "name" => "Poster", "stock" => "5", "weight" => "250", _ => "Prints" }, shown);
    }

    [Fact]
    public async Task Switching_active_off_saves_it_at_once()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=active-PRT-1]").Change(false);

        await WaitForStoredAsync("PRT-1", i => !i.IsActive);
        page.WaitForAssertion(() => Assert.Contains("PRT-1: Active saved.", page.Markup), Patience);
        Assert.False(page.Find("[data-testid=active-PRT-1]").HasAttribute("checked"));
    }

    [Fact]
    public async Task Conflicting_edit_shows_the_current_values_and_reapplying_saves_on_top()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        await ChangeBehindTheGridsBackAsync("PRT-1", i => { i.Price = 20.00m; i.Name = "Poster XL"; });

        var price = page.Find("[data-testid=price-PRT-1]");
        price.Input("15.00");
        price.KeyDown(Key.Enter);

        page.WaitForElement("[data-testid=conflict-dialog]", Patience);
        var rows = ConflictRows(page);
        Assert.Equal(("10.00 EUR", "20.00 EUR", "15.00 EUR"), rows["Price"]);
        Assert.Equal(("Poster", "Poster XL", "—"), rows["Name"]);
        Assert.Contains("not saved", page.Find("[data-testid=conflict-message]").TextContent);
        Assert.Equal(20.00m, (await StoredAsync("PRT-1")).Price);

        page.Find("[data-testid=conflict-reapply]").Click();

        var stored = await WaitForStoredAsync("PRT-1", i => i.Price == 15.00m);
        Assert.Equal("Poster XL", stored.Name); // their change is kept, ours is on top
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=conflict-dialog]"));
            Assert.Equal("15.00", page.Find("[data-testid=price-PRT-1]").GetAttribute("value"));
            Assert.Equal("Poster XL", page.Find("[data-testid=name-PRT-1]").GetAttribute("value"));
        }, Patience);
    }

    [Fact]
    public async Task Keeping_the_current_values_after_a_conflict_shows_them_and_saves_nothing()
    {
        await SeedShopAsync();
        var page = RenderCatalog("PRT-1");
        var changed = await ChangeBehindTheGridsBackAsync("PRT-1", i => i.Price = 20.00m);

        var price = page.Find("[data-testid=price-PRT-1]");
        price.Input("15.00");
        price.KeyDown(Key.Enter);
        page.WaitForElement("[data-testid=conflict-keep]", Patience).Click();

        page.WaitForAssertion(() => Assert.Equal("20.00", page.Find("[data-testid=price-PRT-1]").GetAttribute("value")), Patience);
        var stored = await StoredAsync("PRT-1");
        Assert.Equal((20.00m, changed.Version), (stored.Price, stored.Version));
    }

    private async Task<CatalogItem> ChangeBehindTheGridsBackAsync(string sku, Action<CatalogItem> change)
    {
        await using var db = Database.NewContext();
        var item = await db.CatalogItems.SingleAsync(i => i.Sku == sku);
        change(item);
        await db.SaveChangesAsync(); // a new version, and no announcement on the feed
        return item;
    }

    private async Task<CatalogItem> WaitForStoredAsync(string sku, Func<CatalogItem, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var item = await StoredAsync(sku);
            if (condition(item)) return item;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{sku} never reached the expected state; it is {item.Name} at {item.Price} (version {item.Version}).");
            await Task.Delay(25);
        }
    }

    private static Dictionary<string, (string Seen, string Current, string Yours)> ConflictRows(IRenderedComponent<CatalogPageHost> page) =>
        page.FindAll("[data-testid=conflict-row]").ToDictionary(
            r => r.GetAttribute("data-field")!,
            r =>
            {
                var cells = r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
                return (cells[1], cells[2], cells[3]);
            });
}
