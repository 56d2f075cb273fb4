using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Features.Catalog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The Sales landing page over a real (SQLite) database: empty state, then real counts.</summary>
public sealed class CatalogHomeTests : BunitContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public CatalogHomeTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new Factory(_database));
    }

    [Fact]
    public void Empty_catalog_says_so()
    {
        var page = Render<CatalogHome>();
        page.WaitForAssertion(() => Assert.Contains("The catalog is empty.", page.Markup));
        Assert.Equal("0", page.Find("[data-testid=stat-items] h5").TextContent);
    }

    [Fact]
    public async Task Counts_items_per_category_and_ignores_archived_ones()
    {
        await using (var db = _database.NewContext())
        {
            db.CatalogItems.AddRange(
                new CatalogItem { Sku = "PRT-1", Name = "Poster", Category = "Prints", Price = 9.99m, WeightGrams = 100, Stock = 0 },
                new CatalogItem { Sku = "PRT-2", Name = "Canvas", Category = "Prints", Price = 29.99m, WeightGrams = 900, Stock = 4, IsActive = false },
                new CatalogItem { Sku = "FRM-1", Name = "Frame", Category = "Frames", Price = 19.99m, WeightGrams = 700, Stock = 2 },
                new CatalogItem { Sku = "OLD-1", Name = "Old", Category = "Frames", Price = 1m, WeightGrams = 1, ArchivedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var page = Render<CatalogHome>();

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=stat-items] h5").TextContent));
        var rows = page.FindAll("tbody tr").Select(r => string.Join(",", r.QuerySelectorAll("td").Select(td => td.TextContent))).ToArray();
        Assert.Equal(["Frames,1,1", "Prints,2,1"], rows);
        Assert.Contains("Out of stock", page.Markup);
    }

    public Task InitializeAsync() => _database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class Factory(TestDatabase database) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => database.NewContext();
    }
}
