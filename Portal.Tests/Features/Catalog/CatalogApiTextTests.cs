using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Catalog;

/// <summary>The catalog API refuses control characters in names, categories and descriptions with a 400 naming the field.</summary>
public sealed class CatalogApiTextTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData("name", "Name", "Poster\u0000")]
    [InlineData("name", "Name", "Two\nlines")]
    [InlineData("category", "Category", "Prints\u001B[31m")]
    [InlineData("description", "Description", "Bell \u0007")]
    public async Task Create_with_a_control_character_is_400_naming_the_field_and_creates_nothing(string json, string field, string text)
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var sku = $"CTL-{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var item = new Dictionary<string, object> { ["sku"] = sku, ["name"] = "Poster", ["category"] = "Prints", ["price"] = 10m, ["weightGrams"] = 300, ["stock"] = 1 };
        item[json] = text;

        var problem = await Problems.ReadAsync(await sales.PostAsJsonAsync("/api/catalog", item), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith($"{field} contains a control character (U+", errors.GetProperty(field)[0].GetString());
        Assert.Contains("correct the fields listed in errors", problem.GetProperty("detail").GetString());
        var page = await sales.GetFromJsonAsync<JsonElement>($"/api/catalog?search={sku}");
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Update_with_a_control_character_is_400_and_a_description_keeps_line_breaks_and_tabs()
    {
        var sales = await app.ClientForAsync(Roles.Sales);
        var created = await sales.PostAsJsonAsync("/api/catalog",
            new { sku = "CTL-UPD-1", name = "Poster", category = "Prints", description = "Oak.\r\nMatt,\t30 x 40 cm.", price = 10m, weightGrams = 300, stock = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Oak.\r\nMatt,\t30 x 40 cm.", item.GetProperty("description").GetString());
        var id = item.GetProperty("id").GetInt32();

        var problem = await Problems.ReadAsync(await sales.PutAsJsonAsync($"/api/catalog/{id}",
            new { sku = "CTL-UPD-1", name = "Pos\u0085ter", category = "Prints", price = 10m, weightGrams = 300, stock = 1, version = 0 }), HttpStatusCode.BadRequest);

        Assert.Equal("Name contains a control character (U+0085, character 4); remove it, and any line breaks or tabs.",
            problem.GetProperty("errors").GetProperty("Name")[0].GetString());
        var stored = await sales.GetFromJsonAsync<JsonElement>($"/api/catalog/{id}");
        Assert.Equal(("Poster", 0L), (stored.GetProperty("name").GetString(), stored.GetProperty("version").GetInt64()));
    }
}
