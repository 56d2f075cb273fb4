using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Logistics;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Http;

/// <summary>
/// Two app instances on one PostgreSQL database, as behind the load balancer: each serves order reads from
/// its own memory, and a shipment recorded on one shows on the other once the database announces it.
/// </summary>
public sealed class LogisticsApiOnPostgresTests
{
    [SkippableFact]
    public async Task A_shipment_on_one_instance_shows_at_once_there_and_soon_on_the_other()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseOptions.Postgres);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = database.ConnectionString,
        };
        using var one = new PortalAppFactory(settings);
        var key = (await ApiKeys.CreateForRoleAsync(one, Roles.Logistics)).Secret;
        using var two = new PortalAppFactory(settings);
        var clientOne = ApiKeys.Client(one, key);
        var clientTwo = ApiKeys.Client(two, key);
        await WaitUntilLiveAsync(one);
        await WaitUntilLiveAsync(two);

        int id;
        await using (var db = database.NewContext())
            id = await db.Orders.Where(o => o.Status == OrderStatus.Paid).Select(o => o.Id).FirstAsync();
        Assert.Equal("Paid", await StatusAsync(clientTwo, id));
        Assert.Equal("Paid", await StatusAsync(clientTwo, id));
        Assert.True(two.Services.GetRequiredService<OrderReadCache>().Hits >= 1);

        var shipped = await clientOne.PostAsJsonAsync($"/api/logistics/orders/{id}/shipment", new { carrier = "DHL", trackingNumber = "JJD42" });
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal("Shipped", await StatusAsync(clientOne, id));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await StatusAsync(clientTwo, id) != "Shipped")
        {
            Assert.True(DateTime.UtcNow < deadline, "The other instance still shows the order as not shipped after 10 s.");
            await Task.Delay(20);
        }
    }

    private static async Task<string?> StatusAsync(HttpClient client, int id)
    {
        var response = await client.GetAsync($"/api/logistics/orders/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private static async Task WaitUntilLiveAsync(PortalAppFactory app)
    {
        var cache = app.Services.GetRequiredService<OrderReadCache>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!cache.IsLive)
        {
            Assert.True(DateTime.UtcNow < deadline, "The order read cache did not go live within 10 s.");
            await Task.Delay(20);
        }
    }
}
