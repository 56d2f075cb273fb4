using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Catalog;

public sealed class CatalogApiTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private static object NewItem(string sku, decimal price = 12.5m) =>
        new { sku, name = $"Api {sku}", category = "Prints", price, weightGrams = 300, stock = 7 };

    private async Task<JsonElement> CreateAsync(string sku, decimal price = 12.5m)
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var response = await sales.PostAsJsonAsync("/api/catalog", NewItem(sku, price));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status) => Problems.ReadAsync(response, status);

    [Fact]
    public async Task Anyone_reads_active_items_paged()
    {
        var anonymous = SignedInClient.Anonymous(app.Factory);
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/catalog?pageSize=5&page=1&sort=Price");

        Assert.Equal(5, page.GetProperty("items").GetArrayLength());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("isActive").GetBoolean()));
        var prices = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("price").GetDecimal()).ToList();
        Assert.Equal(prices.Order(), prices);
    }

    [Fact]
    public async Task Bad_paging_is_a_validation_problem()
    {
        var problem = await ProblemAsync(await SignedInClient.Anonymous(app.Factory).GetAsync("/api/catalog?pageSize=0"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));

        var badSort = await ProblemAsync(await SignedInClient.Anonymous(app.Factory).GetAsync("/api/catalog?sort=Colour"), HttpStatusCode.BadRequest);
        Assert.Contains("sort", badSort.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Writing_needs_sales_401_anonymous_403_customer()
    {
        var anonymous = SignedInClient.Anonymous(app.Factory);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/catalog", NewItem("AUTH-1"))).StatusCode);
        var customer = await app.ClientForAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/catalog", NewItem("AUTH-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/catalog/export")).StatusCode);
        var admin = await app.ClientForAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/catalog", NewItem("AUTH-1"))).StatusCode);
    }

    [Fact]
    public async Task Create_returns_201_with_location_and_the_item_is_readable()
    {
        var created = await CreateAsync("NEW-1", 19.99m);
        var anonymous = SignedInClient.Anonymous(app.Factory);
        var read = await anonymous.GetFromJsonAsync<JsonElement>($"/api/catalog/{created.GetProperty("id").GetInt32()}");
        Assert.Equal("NEW-1", read.GetProperty("sku").GetString());
        Assert.Equal(19.99m, read.GetProperty("price").GetDecimal());
        Assert.Equal(0, read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Invalid_item_is_400_with_field_errors()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        await CreateAsync("DUP-9");
        var response = await sales.PostAsJsonAsync("/api/catalog", new { sku = "DUP-9", name = "", category = "Prints", price = 1.234m, weightGrams = 0, stock = 1 });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["Name", "Price", "Sku", "WeightGrams"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("already used", errors.GetProperty("Sku")[0].GetString());
    }

    [Fact]
    public async Task Unreadable_json_is_400_naming_the_field()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var response = await sales.PostAsync("/api/catalog",
            new StringContent("""{"sku":"BAD-1","name":"x","category":"c","price":"lots","weightGrams":1,"stock":1}""", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("$.price", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_without_price_weight_or_stock_is_400_naming_each_missing_field()
    {
        var sales = await app.ClientForAsync(Roles.Sales);

        var response = await sales.PostAsJsonAsync("/api/catalog", new { sku = "MISS-1", name = "Missing", category = "Prints" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["Price", "Stock", "WeightGrams"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("price is required.", problem.GetProperty("errors").GetProperty("Price")[0].GetString());
        Assert.Contains("lacks Price, WeightGrams, Stock", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("MISS-1", await sales.GetStringAsync("/api/catalog/export?search=MISS-1&status=All"));
    }

    [Fact]
    public async Task Update_without_price_is_400_naming_it_and_changes_nothing()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var created = await sales.PostAsJsonAsync("/api/catalog", new { sku = "OMIT-1", name = "Omit", category = "Prints", price = 49.90m, weightGrams = 300, stock = 7, isActive = false });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var response = await sales.PutAsJsonAsync($"/api/catalog/{id}", new { sku = "OMIT-1", name = "Omit (renamed)", category = "Prints", weightGrams = 300, stock = 7, version = 0 });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["Price"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        var history = await sales.GetFromJsonAsync<JsonElement>($"/api/catalog/{id}/history");
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task Update_without_description_currency_or_active_keeps_the_stored_ones()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var created = await sales.PostAsJsonAsync("/api/catalog", new { sku = "KEEP-1", name = "Keep", description = "Oak", currency = "USD", category = "Prints", price = 5m, weightGrams = 300, stock = 7, isActive = false });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var response = await sales.PutAsJsonAsync($"/api/catalog/{id}", new { sku = "KEEP-1", name = "Kept", category = "Prints", price = 6m, weightGrams = 300, stock = 7, version = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Kept", "Oak", "USD"), (item.GetProperty("name").GetString(), item.GetProperty("description").GetString(), item.GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task Public_categories_leave_out_those_of_inactive_items()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        Assert.Equal(HttpStatusCode.Created, (await sales.PostAsJsonAsync("/api/catalog", new { sku = "SECRET-1", name = "Unreleased", category = "Spring launch 2027", price = 10m, weightGrams = 300, stock = 7, isActive = false })).StatusCode);
        await CreateAsync("OPEN-1");

        var categories = await SignedInClient.Anonymous(app.Factory).GetFromJsonAsync<List<string>>("/api/catalog/categories");

        Assert.DoesNotContain("Spring launch 2027", categories!);
        Assert.Contains("Prints", categories!);
    }

    [Fact]
    public async Task Update_needs_the_version_and_a_stale_one_is_409_with_current_values()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var created = await CreateAsync("UPD-1", 10m);
        var id = created.GetProperty("id").GetInt32();

        var noVersion = await sales.PutAsJsonAsync($"/api/catalog/{id}", NewItem("UPD-1", 11m));
        Assert.True((await ProblemAsync(noVersion, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("version", out _));

        var first = await sales.PutAsJsonAsync($"/api/catalog/{id}", new { sku = "UPD-1", name = "First", category = "Prints", price = 11m, weightGrams = 300, stock = 7, version = 0 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());

        var stale = await sales.PutAsJsonAsync($"/api/catalog/{id}", new { sku = "UPD-1", name = "Second", category = "Prints", price = 15m, weightGrams = 300, stock = 7, version = 0 });
        var conflict = await ProblemAsync(stale, HttpStatusCode.Conflict);
        Assert.Equal("First", conflict.GetProperty("current").GetProperty("name").GetString());
        Assert.Equal(1, conflict.GetProperty("current").GetProperty("version").GetInt64());

        var stored = await SignedInClient.Anonymous(app.Factory).GetFromJsonAsync<JsonElement>($"/api/catalog/{id}");
        Assert.Equal(11m, stored.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task Two_clients_updating_the_same_version_get_one_200_and_one_409()
    {
        var created = await CreateAsync("RACE-9", 10m);
        var id = created.GetProperty("id").GetInt32();
        var sales = await app.ClientForAsync(Roles.Sales);
        var admin = await app.ClientForAsync(Roles.Admin);

        var responses = await Task.WhenAll(
            sales.PutAsJsonAsync($"/api/catalog/{id}", new { sku = "RACE-9", name = "Sales", category = "Prints", price = 11m, weightGrams = 300, stock = 7, version = 0 }),
            admin.PutAsJsonAsync($"/api/catalog/{id}", new { sku = "RACE-9", name = "Admin", category = "Prints", price = 12m, weightGrams = 300, stock = 7, version = 0 }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task Archive_hides_the_item_from_the_public_and_restore_brings_it_back()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var anonymous = SignedInClient.Anonymous(app.Factory);
        var id = (await CreateAsync("ARC-9")).GetProperty("id").GetInt32();

        var archived = await sales.DeleteAsync($"/api/catalog/{id}?version=0");
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.True((await archived.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("archived").GetBoolean());
        await ProblemAsync(await anonymous.GetAsync($"/api/catalog/{id}"), HttpStatusCode.NotFound);

        await ProblemAsync(await sales.PostAsync($"/api/catalog/{id}/restore?version=0", null), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await sales.PostAsync($"/api/catalog/{id}/restore?version=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/catalog/{id}")).StatusCode);

        var history = await sales.GetFromJsonAsync<JsonElement>($"/api/catalog/{id}/history");
        Assert.Equal(["Restored", "Archived", "Created"], history.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("sales@portal.local", history[0].GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Unknown_item_is_404_problem()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var problem = await ProblemAsync(await sales.PutAsJsonAsync("/api/catalog/999999", new { sku = "NOPE-1", name = "x", category = "c", price = 1m, weightGrams = 1, stock = 1, version = 0 }), HttpStatusCode.NotFound);
        Assert.Contains("999999", problem.GetProperty("detail").GetString());
        await ProblemAsync(await sales.GetAsync("/api/no-such-endpoint"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Export_is_csv_of_the_filter()
    {
        await CreateAsync("CSV-1", 3m);
        var sales = await app.ClientForAsync(Roles.Sales);
        var response = await sales.GetAsync("/api/catalog/export?search=CSV-1&status=All");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("sku,name,description,category,price,currency,weight_grams,stock,active", lines[0]);
        Assert.Equal("CSV-1,Api CSV-1,,Prints,3.00,EUR,300,7,true", Assert.Single(lines[1..]));
    }

    [Fact]
    public async Task Catalog_api_is_in_the_openapi_document()
    {
        var document = await SignedInClient.Anonymous(app.Factory).GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/catalog/{id}", document);
        Assert.Contains("/api/catalog/export", document);
    }
}
