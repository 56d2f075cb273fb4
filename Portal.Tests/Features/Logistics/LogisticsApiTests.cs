using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.ApiKeys;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Logistics;

/// <summary>The logistics REST API as a logistics team's own tool uses it: with an API key.</summary>
public sealed class LogisticsApiTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private async Task<HttpClient> LogisticsClientAsync() =>
        ApiKeys.Client(app.Factory, (await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Logistics)).Secret);

    private async Task<int> PaidOrderAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var order = await db.Orders.Where(o => o.Status == OrderStatus.Paid).OrderBy(o => o.Id).FirstAsync();
        // Hand each test its own paid order: mark it taken by moving it out of the shared pool.
        order.Carrier = null;
        var fresh = new Order
        {
            CustomerId = order.CustomerId, Status = OrderStatus.Paid, ShippingAddress = order.ShippingAddress with { },
            PlacedAt = DateTime.UtcNow, PaidAt = DateTime.UtcNow, Subtotal = 10m, Total = 10m, TotalWeightGrams = 750,
            Lines = [new OrderLine { CatalogItemId = (await db.CatalogItems.FirstAsync()).Id, Sku = "X", Name = "X", UnitPrice = 10m, Quantity = 1, LineTotal = 10m, UnitWeightGrams = 750, LineWeightGrams = 750 }],
        };
        db.Orders.Add(fresh);
        await db.SaveChangesAsync();
        return fresh.Id;
    }

    private static Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status) => Problems.ReadAsync(response, status);

    [Fact]
    public async Task Without_a_key_it_is_401_problem_and_a_bad_key_too()
    {
        var anonymous = SignedInClient.Anonymous(app.Factory);
        var problem = await ProblemAsync(await anonymous.GetAsync("/api/logistics/orders"), HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
        await ProblemAsync(await ApiKeys.Client(app.Factory, "ptl_0000000000_nope").GetAsync("/api/logistics/orders"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await ApiKeys.Client(app.Factory, "garbage").GetAsync("/api/logistics/orders"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_of_a_user_without_the_logistics_role_is_403()
    {
        var analystKey = await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Analyst);
        await ProblemAsync(await ApiKeys.Client(app.Factory, analystKey.Secret).GetAsync("/api/logistics/orders"), HttpStatusCode.Forbidden);
        var customer = await app.ClientForAsync(Roles.Customer);
        await ProblemAsync(await customer.GetAsync("/api/logistics/orders"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var created = await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Logistics);
        var client = ApiKeys.Client(app.Factory, created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/logistics/orders?pageSize=1")).StatusCode);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(created.Key.UserId, created.Key.Id));

        await ProblemAsync(await client.GetAsync("/api/logistics/orders?pageSize=1"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_are_stored_hashed_and_shown_only_once()
    {
        var created = await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Logistics);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ApiKeys.SingleAsync(k => k.Id == created.Key.Id);
        Assert.DoesNotContain(stored.SecretHash, created.Secret);
        Assert.DoesNotContain(created.Secret.Split('_', 3)[2], JsonSerializer.Serialize(stored)); // the secret itself may contain '_'
        Assert.StartsWith($"ptl_{stored.Prefix}_", created.Secret);
    }

    [Fact]
    public async Task Orders_come_with_lines_weights_totals_and_address()
    {
        var client = await LogisticsClientAsync();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/logistics/orders?status=Paid,Shipped&pageSize=20");

        Assert.True(page.GetProperty("total").GetInt32() > 0);
        var orders = page.GetProperty("items").EnumerateArray().ToList();
        Assert.All(orders, o => Assert.Contains(o.GetProperty("status").GetString(), new[] { "Paid", "Shipped" }));
        var first = orders[0];
        var lines = first.GetProperty("lines").EnumerateArray().ToList();
        Assert.NotEmpty(lines);
        Assert.Equal(lines.Sum(l => l.GetProperty("lineWeightGrams").GetInt32()), first.GetProperty("totalWeightGrams").GetInt32());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("shippingAddress").GetProperty("city").GetString()));
        Assert.True(page.GetProperty("totalWeightGrams").GetInt64() >= orders.Sum(o => o.GetProperty("totalWeightGrams").GetInt32()));

        var one = await client.GetFromJsonAsync<JsonElement>($"/api/logistics/orders/{first.GetProperty("id").GetInt32()}");
        Assert.Equal(first.GetProperty("total").GetDecimal(), one.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Bad_filters_are_400_with_field_errors()
    {
        var client = await LogisticsClientAsync();
        var problem = await ProblemAsync(await client.GetAsync("/api/logistics/orders?status=Lost&from=2026-05-01&to=2026-01-01&pageSize=500"), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["pageSize", "status", "to"], errors.EnumerateObject().Select(p => p.Name).Order());
        await ProblemAsync(await client.GetAsync("/api/logistics/orders?from=yesterday"), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.GetAsync("/api/logistics/orders/99999999"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ship_then_complete_and_invalid_transitions_are_409()
    {
        var client = await LogisticsClientAsync();
        var id = await PaidOrderAsync();

        var early = await ProblemAsync(await client.PostAsync($"/api/logistics/orders/{id}/completion", null), HttpStatusCode.Conflict);
        Assert.Contains("only shipped orders", early.GetProperty("detail").GetString());

        var missing = await ProblemAsync(await client.PostAsJsonAsync($"/api/logistics/orders/{id}/shipment", new { carrier = "" }), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("trackingNumber", out _));

        var shipped = await client.PostAsJsonAsync($"/api/logistics/orders/{id}/shipment", new { carrier = "DHL", trackingNumber = "JJD000123" });
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        var body = await shipped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Shipped", "DHL", "JJD000123"), (body.GetProperty("status").GetString(), body.GetProperty("carrier").GetString(), body.GetProperty("trackingNumber").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/logistics/orders/{id}/completion", null)).StatusCode);
        await ProblemAsync(await client.PostAsJsonAsync($"/api/logistics/orders/{id}/shipment", new { carrier = "DHL", trackingNumber = "X" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Retrying_with_the_same_idempotency_key_replays_the_first_answer()
    {
        var client = await LogisticsClientAsync();
        var id = await PaidOrderAsync();
        var key = Guid.NewGuid().ToString();

        HttpRequestMessage Ship(string tracking, string idempotencyKey) => new(HttpMethod.Post, $"/api/logistics/orders/{id}/shipment")
        {
            Content = JsonContent.Create(new { carrier = "UPS", trackingNumber = tracking }),
            Headers = { { "Idempotency-Key", idempotencyKey } },
        };

        var first = await client.SendAsync(Ship("1Z999", key));
        var retry = await client.SendAsync(Ship("1Z999", key));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shippedAt").GetDateTime(),
                     (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shippedAt").GetDateTime());

        var reused = await client.SendAsync(Ship("OTHER", key));
        await ProblemAsync(reused, HttpStatusCode.UnprocessableEntity);

        var newKey = await client.SendAsync(Ship("1Z999", Guid.NewGuid().ToString()));
        await ProblemAsync(newKey, HttpStatusCode.Conflict);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityType == "Order" && a.EntityId == id.ToString() && a.Action == "Shipped"));
    }

    [Fact]
    public async Task Two_clients_shipping_the_same_order_get_one_200_and_one_409()
    {
        var id = await PaidOrderAsync();
        var one = await LogisticsClientAsync();
        var two = ApiKeys.Client(app.Factory, (await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Admin)).Secret);

        var responses = await Task.WhenAll(
            one.PostAsJsonAsync($"/api/logistics/orders/{id}/shipment", new { carrier = "DHL", trackingNumber = "A1" }),
            two.PostAsJsonAsync($"/api/logistics/orders/{id}/shipment", new { carrier = "GLS", trackingNumber = "B2" }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task A_page_far_past_the_end_is_empty_not_the_first_page_again()
    {
        var client = await LogisticsClientAsync();
        var response = await client.GetAsync("/api/logistics/orders?status=Paid&page=21474837&pageSize=100");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("total").GetInt32() > 0);
        Assert.Empty(body.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_date_without_a_time_includes_that_whole_day_like_the_shipping_desk()
    {
        int id;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var template = await db.Orders.FirstAsync();
            var placed = new DateTime(2031, 1, 15, 23, 30, 0, DateTimeKind.Utc);
            var order = new Order
            {
                CustomerId = template.CustomerId, Status = OrderStatus.Paid, ShippingAddress = template.ShippingAddress with { },
                PlacedAt = placed, PaidAt = placed, Subtotal = 1m, Total = 1m,
            };
            db.Orders.Add(order);
            await db.SaveChangesAsync();
            id = order.Id;
        }
        var client = await LogisticsClientAsync();

        async Task<IEnumerable<int>> IdsAsync(string query)
        {
            var response = await client.GetAsync($"/api/logistics/orders?status=Paid&{query}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetInt32());
        }

        Assert.Contains(id, await IdsAsync("from=2031-01-15&to=2031-01-15"));
        Assert.DoesNotContain(id, await IdsAsync("from=2031-01-15&to=2031-01-15T23:00:00Z")); // a time is an exact, exclusive end
        Assert.DoesNotContain(id, await IdsAsync("from=2031-01-16&to=2031-01-16"));
        await ProblemAsync(await client.GetAsync("/api/logistics/orders?from=2031-01-16&to=2031-01-15"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Logistics_api_is_described_with_its_key_scheme()
    {
        var document = await SignedInClient.Anonymous(app.Factory).GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/logistics/orders/{id}/shipment", document);
        Assert.Contains("X-Api-Key", document);
    }
}

public sealed class LogisticsRateLimitTests : IDisposable
{
    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?>
    {
        ["Logistics:Api:PermitsPerWindow"] = "3",
        ["Logistics:Api:WindowSeconds"] = "3600",
        ["Logistics:Api:FailedKeyAttemptsPerWindow"] = "5",
    });

    [Fact]
    public async Task Guessing_keys_is_throttled_per_address_but_a_key_in_use_from_that_address_keeps_working()
    {
        var working = ApiKeys.Client(_factory, (await ApiKeys.CreateForRoleAsync(_factory, Roles.Logistics, "busy tool")).Secret);
        var idle = ApiKeys.Client(_factory, (await ApiKeys.CreateForRoleAsync(_factory, Roles.Logistics, "idle tool")).Secret);
        Assert.Equal(HttpStatusCode.OK, (await working.GetAsync("/api/logistics/orders?pageSize=1")).StatusCode);
        var guesser = ApiKeys.Client(_factory, "ptl_0123456789_guess");
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/logistics/orders")).StatusCode);

        var throttled = await guesser.GetAsync("/api/logistics/orders");
        var problem = await Problems.ReadAsync(throttled, HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many unknown or revoked API keys", problem.GetProperty("detail").GetString());
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // All share one address here (as behind a load balancer without forwarded headers): the key in use passes,
        // a key not seen lately waits like the guesser.
        Assert.Equal(HttpStatusCode.OK, (await working.GetAsync("/api/logistics/orders?pageSize=1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await idle.GetAsync("/api/logistics/orders?pageSize=1")).StatusCode);
        // Requests without a key (pages, sign-in) are not this throttle's business.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignedInClient.Anonymous(_factory).GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Each_key_has_its_own_allowance_and_gets_429_with_retry_after()
    {
        var first = ApiKeys.Client(_factory, (await ApiKeys.CreateForRoleAsync(_factory, Roles.Logistics, "one")).Secret);
        var second = ApiKeys.Client(_factory, (await ApiKeys.CreateForRoleAsync(_factory, Roles.Logistics, "two")).Secret);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/logistics/orders?pageSize=1")).StatusCode);

        var limited = await first.GetAsync("/api/logistics/orders?pageSize=1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/logistics/orders?pageSize=1")).StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
