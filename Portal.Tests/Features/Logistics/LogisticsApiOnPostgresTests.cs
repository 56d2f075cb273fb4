using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.ApiKeys;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Logistics;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Logistics;

/// <summary>
/// Two app instances on one PostgreSQL database, as behind the load balancer. Each keeps orders and API keys
/// in memory; what changes on one shows on the other as soon as the database announces it, well inside the
/// 30 s an API key copy would otherwise live.
/// </summary>
public sealed class LogisticsApiOnPostgresTests : IAsyncLifetime
{
    private static readonly TimeSpan WellInsideTheKeyLifetime = TimeSpan.FromSeconds(5);
    private TestDatabase? _database;
    private PortalAppFactory? _one, _two;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task<(PortalAppFactory One, PortalAppFactory Two, string Key)> TwoInstancesAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseOptions.Postgres); // here, not in InitializeAsync, so a missing peer skips locally
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = _database!.ConnectionString,
        };
        _one = new PortalAppFactory(settings);
        var key = (await ApiKeys.CreateForRoleAsync(_one, Roles.Logistics)).Secret;
        _two = new PortalAppFactory(settings);
        _two.CreateClient();
        await WaitUntilListeningAsync(_one);
        await WaitUntilListeningAsync(_two);
        return (_one, _two, key);
    }

    [SkippableFact]
    public async Task A_shipment_on_one_instance_shows_at_once_there_and_soon_on_the_other()
    {
        var (one, two, key) = await TwoInstancesAsync();
        var clientOne = ApiKeys.Client(one, key);
        var clientTwo = ApiKeys.Client(two, key);
        int id;
        await using (var db = _database!.NewContext())
            id = await db.Orders.Where(o => o.Status == OrderStatus.Paid).Select(o => o.Id).FirstAsync();
        Assert.Equal("Paid", await StatusAsync(clientTwo, id));
        Assert.Equal("Paid", await StatusAsync(clientTwo, id));
        Assert.True(two.Services.GetRequiredService<OrderReadCache>().Hits >= 1);

        var shipped = await clientOne.PostAsJsonAsync($"/api/logistics/orders/{id}/shipment", new { carrier = "DHL", trackingNumber = "JJD42" });
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal("Shipped", await StatusAsync(clientOne, id));

        await Eventually(async () => await StatusAsync(clientTwo, id) == "Shipped", "the other instance to show the order shipped");
    }

    [SkippableFact]
    public async Task A_key_revoked_on_one_instance_stops_working_on_the_other_within_seconds()
    {
        var (one, two, key) = await TwoInstancesAsync();
        var clientOne = ApiKeys.Client(one, key);
        var clientTwo = ApiKeys.Client(two, key);
        Assert.Equal(HttpStatusCode.OK, (await clientOne.GetAsync("/api/logistics/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clientTwo.GetAsync("/api/logistics/orders")).StatusCode);

        await using (var scope = one.Services.CreateAsyncScope())
        {
            var userId = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(Roles.Logistics).Email))!.Id;
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            Assert.True(await keys.RevokeAsync(userId, (await keys.ListAsync(userId)).Single().Id));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await clientOne.GetAsync("/api/logistics/orders")).StatusCode);
        await Eventually(async () => (await clientTwo.GetAsync("/api/logistics/orders")).StatusCode == HttpStatusCode.Unauthorized,
            "the other instance to refuse the revoked key");
    }

    [SkippableFact]
    public async Task A_user_who_loses_the_role_is_refused_on_every_instance_within_seconds()
    {
        var (one, two, key) = await TwoInstancesAsync();
        var clientTwo = ApiKeys.Client(two, key);
        Assert.Equal(HttpStatusCode.OK, (await clientTwo.GetAsync("/api/logistics/orders")).StatusCode);

        await using (var scope = one.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(DemoAccounts.For(Roles.Logistics).Email);
            Assert.True((await users.RemoveFromRoleAsync(user!, Roles.Logistics)).Succeeded);
        }

        await Eventually(async () => (await clientTwo.GetAsync("/api/logistics/orders")).StatusCode == HttpStatusCode.Forbidden,
            "the other instance to refuse a user without the role");
    }

    private static async Task<string?> StatusAsync(HttpClient client, int id)
    {
        var response = await client.GetAsync($"/api/logistics/orders/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private static Task WaitUntilListeningAsync(PortalAppFactory app) =>
        Eventually(() => Task.FromResult(app.Services.GetRequiredService<OrderReadCache>().IsLive), "the instance to listen for database changes");

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + WellInsideTheKeyLifetime;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {WellInsideTheKeyLifetime.TotalSeconds} s for {what}.");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        _two?.Dispose();
        _one?.Dispose();
        if (_database is not null) await _database.DisposeAsync();
    }
}
