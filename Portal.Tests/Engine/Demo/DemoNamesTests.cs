using Portal.Engine.Demo;

namespace Portal.Tests.Engine.Demo;

/// <summary>Demo item names never repeat (three items were called "Coastal Tote Bag"), for any size of shop, and stay the same per seed.</summary>
public sealed class DemoNamesTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static List<Portal.Engine.Catalog.CatalogItem> Items(int count, int seed = 20261125) =>
        new DemoDataGenerator(new DemoOptions { Items = count, Seed = seed }, Now).Items();

    [Theory]
    [InlineData(200)]
    [InlineData(2000)]
    [InlineData(20_000)] // past every adjective and colour of a noun: numbered editions
    public void Every_item_has_its_own_name(int count)
    {
        var items = Items(count);

        var repeated = items.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(repeated);
        Assert.All(items, i => Assert.InRange(i.Name.Length, 1, Portal.Engine.Catalog.CatalogItem.NameMaxLength));
    }

    [Fact]
    public void Names_describe_the_item_and_its_category()
    {
        foreach (var item in Items(2000))
        {
            var category = DemoCategories.Named(item.Category);
            var product = category.ProductNamed(item.Name);
            Assert.NotNull(product); // the noun in the name is one of its category's, so its photo shows that product
            Assert.StartsWith(item.Name.Split(' ')[0], item.Description);
            Assert.Contains(product!.Noun.ToLowerInvariant(), item.Description);
            Assert.EndsWith($"from our {item.Category.ToLowerInvariant()} range.", item.Description);
        }
    }

    [Fact]
    public void The_first_item_of_a_name_keeps_the_plain_name_and_later_ones_vary_it()
    {
        var names = Items(2000).Select(i => i.Name).ToList();

        Assert.Contains(names, n => !n.Contains(" in ") && !n.Contains(" No. "));
        Assert.Contains(names, n => n.Contains(" in "));
        Assert.DoesNotContain(names.Take(200), n => n.Contains(" No. ")); // the default shop reads naturally
    }

    [Fact]
    public void Same_seed_gives_the_same_names_and_another_seed_does_not()
    {
        Assert.Equal(Items(2000, 7).Select(i => i.Name), Items(2000, 7).Select(i => i.Name));
        Assert.NotEqual(Items(200, 7).Select(i => i.Name), Items(200, 8).Select(i => i.Name));
    }

    [Fact]
    public void A_smaller_shop_is_the_start_of_a_larger_one()
    {
        // The demo photos are found by SKU (DemoPhotos), and Demo:Items may grow between starts.
        var small = Items(50);
        var large = Items(500);

        Assert.Equal(small.Select(i => (i.Sku, i.Name, i.Category)), large.Take(50).Select(i => (i.Sku, i.Name, i.Category)));
        Assert.Equal(large.Select(i => i.Sku), Enumerable.Range(0, 500).Select(DemoDataGenerator.Sku));
    }
}
