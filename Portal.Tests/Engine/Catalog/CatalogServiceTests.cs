using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Catalog;

public sealed class SqliteCatalogServiceTests() : CatalogServiceTests(DatabaseOptions.Sqlite);

public sealed class PostgresCatalogServiceTests() : CatalogServiceTests(DatabaseOptions.Postgres);

/// <summary>Catalog changes on each provider: validation, concurrency, audit, bulk actions, search.</summary>
public abstract class CatalogServiceTests(string provider) : ProviderSuite(provider)
{

    private async Task<(CatalogService Catalog, TestDatabase Database)> ArrangeAsync()
    {
        var database = await DatabaseAsync();
        return (new CatalogService(new TestDbContextFactory(database), TimeProvider.System), database);
    }

    private static CatalogItemFields Item(string sku, decimal price = 10m, string category = "Prints", string? name = null) => new()
    {
        Sku = sku, Name = name ?? $"Item {sku}", Category = category, Price = price, WeightGrams = 250, Stock = 4,
    };

    [SkippableFact]
    public async Task Create_validates_and_refuses_a_duplicate_sku_at_the_sku_field()
    {
        var (catalog, _) = await ArrangeAsync();
        Assert.True((await catalog.CreateAsync(Item("PRT-1"), "sales")).Succeeded);

        var duplicate = await catalog.CreateAsync(Item(" prt-1 "), "sales");
        Assert.Equal(CatalogOutcome.Invalid, duplicate.Outcome);
        Assert.Contains("already used", duplicate.Errors!["Sku"][0]);

        var invalid = await catalog.CreateAsync(Item("PRT-2", price: -1) with { WeightGrams = 0 }, "sales");
        Assert.Equal(["Price", "WeightGrams"], invalid.Errors!.Keys.Order());
    }

    [SkippableFact]
    public async Task Invalid_edit_is_never_saved()
    {
        var (catalog, _) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("INV-1", 5m), "sales")).Item!;

        var result = await catalog.UpdateAsync(item.Id, item.Version, new CatalogItemPatch { Price = 5.555m }, "sales");

        Assert.Equal(CatalogOutcome.Invalid, result.Outcome);
        var stored = await catalog.FindAsync(item.Id);
        Assert.Equal((5m, item.Version), (stored!.Price, stored.Version));
    }

    [SkippableFact]
    public async Task Second_editor_is_refused_with_current_values_and_can_reapply_without_losing_either_change()
    {
        var (catalog, _) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("CON-1", 10m), "sales")).Item!;
        var readByBoth = item.Version;

        var first = await catalog.UpdateAsync(item.Id, readByBoth, new CatalogItemPatch { Price = 12m }, "ann");
        var secondPatch = new CatalogItemPatch { Stock = 99 };
        var second = await catalog.UpdateAsync(item.Id, readByBoth, secondPatch, "bob");

        Assert.True(first.Succeeded);
        Assert.Equal(CatalogOutcome.Conflict, second.Outcome);
        Assert.Equal(12m, second.Item!.Price);
        Assert.Equal(readByBoth + 1, second.Item.Version);

        var reapplied = await catalog.UpdateAsync(item.Id, second.Item.Version, secondPatch, "bob");
        Assert.True(reapplied.Succeeded);
        var stored = await catalog.FindAsync(item.Id);
        Assert.Equal((12m, 99, readByBoth + 2), (stored!.Price, stored.Stock, stored.Version));
    }

    [SkippableFact]
    public async Task Of_many_simultaneous_edits_from_the_same_version_exactly_one_wins()
    {
        var (catalog, database) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("RACE-1", 10m), "sales")).Item!;

        var results = await Task.WhenAll(Enumerable.Range(1, 12).Select(n =>
            Task.Run(() => new CatalogService(new TestDbContextFactory(database), TimeProvider.System)
                .UpdateAsync(item.Id, item.Version, new CatalogItemPatch { Stock = 100 + n }, $"editor{n}"))));

        var outcomes = string.Join(", ", results.Select(r => r.Outcome));
        Assert.True(results.Count(r => r.Succeeded) == 1, $"expected one winner: {outcomes}");
        Assert.True(results.Count(r => r.Outcome == CatalogOutcome.Conflict) == 11, $"expected eleven conflicts: {outcomes}");
        var winner = results.Single(r => r.Succeeded).Item!;
        var stored = await catalog.FindAsync(item.Id);
        // Only the winner's events were committed, with its change: created, then its one update and stock move.
        var events = await OutboxEvents.ReadAsync(database);
        Assert.Equal([CatalogChange.Created, CatalogChange.Updated], events.OfType<CatalogItemChanged>().Select(e => (e.Change)));
        Assert.Equal([new StockChanged(item.Id, 4, 4, "edit"), new StockChanged(item.Id, winner.Stock, winner.Stock - 4, "edit")], events.OfType<StockChanged>());
        Assert.Equal((winner.Stock, item.Version + 1), (stored!.Stock, stored.Version));
        var history = await catalog.HistoryAsync(item.Id);
        Assert.True(history.Count == 2, $"expected Created + one Updated: {string.Join(", ", history.Select(h => $"{h.Action} by {h.UserName}"))}");
    }

    [SkippableFact]
    public async Task Every_change_is_audited_with_who_and_before_after()
    {
        var (catalog, _) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("AUD-1", 10m), "sam")).Item!;
        item = (await catalog.UpdateAsync(item.Id, item.Version, new CatalogItemPatch { Price = 11.5m, Name = "Renamed" }, "ann")).Item!;
        item = (await catalog.ArchiveAsync(item.Id, item.Version, "ann")).Item!;
        await catalog.RestoreAsync(item.Id, item.Version, "bob");

        var history = await catalog.HistoryAsync(item.Id);

        Assert.Equal(["Restored", "Archived", "Updated", "Created"], history.Select(h => h.Action));
        Assert.Equal(["bob", "ann", "ann", "sam"], history.Select(h => h.UserName));
        var update = AuditTrail.Changes(history[2]);
        Assert.Contains(new FieldChange("price", "10.00", "11.50"), update);
        Assert.Contains(new FieldChange("name", "Item AUD-1", "Renamed"), update);
        Assert.Equal(2, update.Count);
        Assert.All(history, h => Assert.True(h.At > DateTime.UtcNow.AddMinutes(-5)));
    }

    [SkippableFact]
    public async Task Archived_items_leave_the_current_list_and_come_back_on_restore()
    {
        var (catalog, _) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("ARC-1"), "sales")).Item!;
        var archived = await catalog.ArchiveAsync(item.Id, item.Version, "sales");

        Assert.Empty((await catalog.QueryAsync(new CatalogQuery { Search = "ARC-1" })).Items);
        Assert.Single((await catalog.QueryAsync(new CatalogQuery { Search = "ARC-1", Status = CatalogStatusFilter.Archived })).Items);
        Assert.Equal(CatalogOutcome.Conflict, (await catalog.RestoreAsync(item.Id, item.Version, "sales")).Outcome);

        await catalog.RestoreAsync(item.Id, archived.Item!.Version, "sales");
        Assert.Single((await catalog.QueryAsync(new CatalogQuery { Search = "ARC-1" })).Items);
    }

    [SkippableFact]
    public async Task Bulk_reprice_applies_the_previewed_prices_and_bulk_deactivate_counts_changes()
    {
        var (catalog, database) = await ArrangeAsync();
        var bulk = new CatalogBulkActions(new TestDbContextFactory(database), TimeProvider.System);
        var a = (await catalog.CreateAsync(Item("BLK-1", 10m), "sales")).Item!;
        var b = (await catalog.CreateAsync(Item("BLK-2", 19.99m), "sales")).Item!;
        int[] ids = [a.Id, b.Id];

        var plan = await bulk.PlanPriceChangeAsync(CatalogSelection.Of(ids), 10m);
        Assert.Equal([11m, 21.99m], plan.Examples.Select(l => l.NewPrice));
        await bulk.ApplyPriceChangeAsync(CatalogSelection.Of(ids), 10m, "sales");
        Assert.Equal(21.99m, (await catalog.FindAsync(b.Id))!.Price);
        Assert.Equal("Repriced", (await catalog.HistoryAsync(b.Id))[0].Action);

        Assert.Equal(new BulkChangeResult(2, 2), await bulk.SetActiveAsync(CatalogSelection.Of(ids), false, "sales"));
        Assert.Equal(new BulkChangeResult(2, 0), await bulk.SetActiveAsync(CatalogSelection.Of(ids), false, "sales"));
        Assert.Equal(2, (await catalog.QueryAsync(new CatalogQuery { Search = "BLK-", Status = CatalogStatusFilter.Inactive })).Total);
        // Two creations, two repricings, two deactivations (the second, changing nothing, announces nothing).
        var changed = await OutboxEvents.ReadAsync<CatalogItemChanged>(database);
        Assert.Equal([a.Id, b.Id, a.Id, b.Id, a.Id, b.Id], changed.Select(e => e.ItemId));
        Assert.All(changed, e => Assert.Equal("sales", e.ChangedBy));
    }

    [SkippableFact]
    public async Task Query_searches_sorts_and_pages_in_the_database()
    {
        var (catalog, _) = await ArrangeAsync();
        foreach (var (sku, price, category) in new[] { ("Q-3", 30m, "Frames"), ("Q-1", 5m, "Prints"), ("Q-2", 12.5m, "Prints"), ("Q-4", 7m, "Home") })
            await catalog.CreateAsync(Item(sku, price, category, name: $"Query {sku} 50%_off"), "sales");

        var page = await catalog.QueryAsync(new CatalogQuery { Search = "q-", Sort = CatalogSort.Price, Descending = true, PageSize = 2, Page = 1 });
        Assert.Equal(4, page.Total);
        Assert.Equal(["Q-4", "Q-1"], page.Items.Select(i => i.Sku));

        var prints = await catalog.QueryAsync(new CatalogQuery { Search = "query", Category = "Prints", Sort = CatalogSort.Sku });
        Assert.Equal(["Q-1", "Q-2"], prints.Items.Select(i => i.Sku));

        // LIKE wildcards in the search text are taken literally.
        Assert.Equal(4, (await catalog.QueryAsync(new CatalogQuery { Search = "50%_off" })).Total);
        Assert.Equal(0, (await catalog.QueryAsync(new CatalogQuery { Search = "5_%" })).Total);
    }

    [SkippableFact]
    public async Task Search_ignores_the_case_of_non_ascii_letters()
    {
        var (catalog, _) = await ArrangeAsync();
        await catalog.CreateAsync(Item("UML-1", name: "Überformat Örebro print"), "sales");

        foreach (var search in new[] { "Überformat", "überformat", "ÜBERFORMAT", "örebro" })
            Assert.Equal(["UML-1"], (await catalog.QueryAsync(new CatalogQuery { Search = search })).Items.Select(i => i.Sku));
    }

    [SkippableFact]
    public async Task Categories_on_sale_leave_out_those_of_only_inactive_or_archived_items()
    {
        var (catalog, _) = await ArrangeAsync();
        await catalog.CreateAsync(Item("CAT-1", category: "Frames"), "sales");
        await catalog.CreateAsync(Item("CAT-2", category: "Spring launch") with { IsActive = false }, "sales");
        var archived = (await catalog.CreateAsync(Item("CAT-3", category: "Retired"), "sales")).Item!;
        await catalog.ArchiveAsync(archived.Id, archived.Version, "sales");

        Assert.Equal(["Frames"], await catalog.OnSaleCategoriesAsync());
        Assert.Equal(["Frames", "Retired", "Spring launch"], await catalog.CategoriesAsync());
    }

    [SkippableFact]
    public async Task Csv_import_is_all_or_nothing_and_reports_errors_by_line()
    {
        var (catalog, database) = await ArrangeAsync();
        var existing = (await catalog.CreateAsync(Item("IMP-1", 10m), "sales")).Item!;
        var import = new CatalogImport(new TestDbContextFactory(database), TimeProvider.System);

        const string bad = """
            sku,name,category,price,weight_grams,stock,active
            IMP-1,Updated name,Prints,11.00,250,4,true
            IMP-2,New item,Frames,abc,300,1,true
            IMP-3,,Frames,5.00,0,1,maybe
            IMP-2,Twice,Frames,5.00,300,1,true
            """;
        var refused = await import.ApplyAsync(bad, "sales");
        Assert.False(refused.CanApply);
        Assert.Equal([ImportAction.Update, ImportAction.Error, ImportAction.Error, ImportAction.Error], refused.Rows.Select(r => r.Action));
        Assert.Equal([2, 3, 4, 5], refused.Rows.Select(r => r.Line));
        Assert.Contains("price 'abc' is not a number (use a dot for decimals).", refused.Rows[1].Errors);
        Assert.Contains("Name is required.", refused.Rows[2].Errors);
        Assert.Contains("active 'maybe' is not true or false.", refused.Rows[2].Errors);
        Assert.Contains("SKU IMP-2 is also on line 3.", refused.Rows[3].Errors);
        Assert.Equal("Item IMP-1", (await catalog.FindAsync(existing.Id))!.Name);

        const string good = """
            sku,name,description,category,price,currency,weight_grams,stock,active
            IMP-1,Updated name,"Has, a comma",Prints,11.00,EUR,250,4,true
            IMP-2,New item,,Frames,5.50,EUR,300,1,false
            """;
        var preview = await import.PreviewAsync(good);
        Assert.True(preview.CanApply);
        Assert.Equal((1, 1), (preview.Count(ImportAction.Create), preview.Count(ImportAction.Update)));
        await import.ApplyAsync(good, "sales");

        var updated = await catalog.FindAsync(existing.Id);
        Assert.Equal(("Updated name", "Has, a comma", 11m), (updated!.Name, updated.Description, updated.Price));
        var created = (await catalog.QueryAsync(new CatalogQuery { Search = "IMP-2", Status = CatalogStatusFilter.All })).Items.Single();
        Assert.False(created.IsActive);
        Assert.Equal("Imported", (await catalog.HistoryAsync(created.Id))[0].Action);
        Assert.All((await import.PreviewAsync(good)).Rows, r => Assert.Equal(ImportAction.Unchanged, r.Action));
    }

    [SkippableFact]
    public async Task Csv_export_round_trips_through_import_unchanged()
    {
        var (catalog, database) = await ArrangeAsync();
        await catalog.CreateAsync(Item("EXP-1", 9.9m, name: "Quote \"this\", please"), "sales");
        var writer = new StringWriter();
        CatalogCsv.Write(await catalog.ListAsync(new CatalogQuery { Search = "EXP-" }), writer);

        Assert.StartsWith("sku,name,description,category,price,currency,weight_grams,stock,active", writer.ToString());
        var preview = await new CatalogImport(new TestDbContextFactory(database), TimeProvider.System).PreviewAsync(writer.ToString());
        Assert.Equal(ImportAction.Unchanged, Assert.Single(preview.Rows).Action);
    }
}
