using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Logistics;

/// <summary>The logistics API's orders name the shipping method the customer paid for (null for orders from before methods).</summary>
public sealed class LogisticsApiShippingMethodTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private async Task<int> PaidOrderAsync(string? shippingMethod)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync();
        var order = new Order
        {
            CustomerId = customer.Id, Status = OrderStatus.Paid, ShippingAddress = customer.ShippingAddress with { },
            PlacedAt = DateTime.UtcNow, PaidAt = DateTime.UtcNow, Subtotal = 10m, Total = 10m, TotalWeightGrams = 750,
            ShippingMethod = shippingMethod,
            Lines = [new OrderLine { CatalogItemId = (await db.CatalogItems.FirstAsync()).Id, Sku = "X", Name = "X", UnitPrice = 10m, Quantity = 1, LineTotal = 10m, UnitWeightGrams = 750, LineWeightGrams = 750 }],
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    }

    [Fact]
    public async Task An_order_carries_the_shipping_method_the_customer_paid_for_and_null_for_orders_from_before_methods()
    {
        var client = ApiKeys.Client(app.Factory, (await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Logistics)).Secret);
        var since = DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var old = await PaidOrderAsync(null);
        var express = await PaidOrderAsync("Express");

        var expressOrder = await client.GetFromJsonAsync<JsonElement>($"/api/logistics/orders/{express}");
        var oldOrder = await client.GetFromJsonAsync<JsonElement>($"/api/logistics/orders/{old}");
        var listed = (await client.GetFromJsonAsync<JsonElement>($"/api/logistics/orders?status=Paid&from={since}&pageSize=50")).GetProperty("items")
            .EnumerateArray().Single(o => o.GetProperty("id").GetInt32() == express);

        Assert.Equal("Express", expressOrder.GetProperty("shippingMethod").GetString());
        Assert.Equal("Express", listed.GetProperty("shippingMethod").GetString());
        Assert.Equal(JsonValueKind.Null, oldOrder.GetProperty("shippingMethod").ValueKind);
        var document = await SignedInClient.Anonymous(app.Factory).GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"shippingMethod\"", document);
        Assert.Contains("the shipping method the customer chose and paid for", document);
    }
}
