using Portal.Engine.Catalog;

namespace Portal.Tests.Engine.Catalog;

public sealed class PriceChangePlanTests
{
    [Fact]
    public void Price_plan_rounds_to_cents_and_refuses_out_of_range_percentages()
    {
        Assert.Equal(10.99m, PriceChangePlan.NewPrice(9.99m, 10m));
        Assert.Equal(8.99m, PriceChangePlan.NewPrice(9.99m, -10m));
        Assert.NotNull(PriceChangePlan.PercentError(-95m));
        Assert.NotNull(PriceChangePlan.PercentError(12.345m));
        Assert.Null(PriceChangePlan.PercentError(5m));
        Assert.Equal("Select at least one item.", new PriceChangePlanBuilder(5m).Build().Error);
    }

    [Fact]
    public void A_plan_counts_every_item_but_lists_only_the_first_examples()
    {
        var builder = new PriceChangePlanBuilder(1m);
        for (var n = 1; n <= 250; n++) builder.Add(n, $"ITM-{n:D3}", $"Item {n}", n == 250 ? 0.01m : 10m, "EUR");

        var plan = builder.Build();

        Assert.Null(plan.Error);
        Assert.Equal((250, 249), (plan.Count, plan.Changed)); // 0.01 + 1 % rounds back to 0.01
        Assert.Equal(PriceChangePlan.MaxExamples, plan.Examples.Count);
        Assert.Equal("ITM-001", plan.Examples[0].Sku);
        Assert.False(plan.ListsEveryItem);
    }

    [Fact]
    public void A_price_out_of_range_anywhere_refuses_the_plan_naming_the_item()
    {
        var builder = new PriceChangePlanBuilder(500m);
        for (var n = 1; n <= 150; n++) builder.Add(n, $"ITM-{n:D3}", $"Item {n}", n == 140 ? 200_000m : 10m, "EUR");

        var plan = builder.Build();

        Assert.StartsWith("ITM-140 would cost 1200000", plan.Error);
        Assert.EndsWith("Price is at most 1000000.", plan.Error);
        Assert.DoesNotContain(plan.Examples, l => l.Sku == "ITM-140"); // found beyond the examples all the same
        Assert.Equal(150, plan.Count);
    }

    [Fact]
    public void The_fingerprint_tells_whether_the_same_items_had_the_same_prices()
    {
        static long Fingerprint(params (int Id, decimal Price)[] items)
        {
            var builder = new PriceChangePlanBuilder(10m);
            foreach (var (id, price) in items) builder.Add(id, $"SKU-{id}", "x", price, "EUR");
            return builder.Build().Fingerprint;
        }

        Assert.Equal(Fingerprint((1, 10m), (2, 20m)), Fingerprint((1, 10.00m), (2, 20m)));
        Assert.NotEqual(Fingerprint((1, 10m), (2, 20m)), Fingerprint((1, 10m), (2, 20.01m)));
        Assert.NotEqual(Fingerprint((1, 10m), (2, 20m)), Fingerprint((1, 10m), (3, 20m)));
    }
}
