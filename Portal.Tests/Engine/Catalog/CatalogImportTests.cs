using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Catalog;

public sealed class SqliteCatalogImportTests() : CatalogImportTests(DatabaseOptions.Sqlite);

public sealed class PostgresCatalogImportTests() : CatalogImportTests(DatabaseOptions.Postgres);

/// <summary>CSV import and export on each provider: strict prices, partial files, stale previews, formulas, line numbers.</summary>
public abstract class CatalogImportTests(string provider) : ProviderSuite(provider)
{

    private async Task<(CatalogService Catalog, CatalogImport Import)> ArrangeAsync()
    {
        var factory = new TestDbContextFactory(await DatabaseAsync());
        return (new CatalogService(factory, TimeProvider.System), new CatalogImport(factory, TimeProvider.System));
    }

    private static CatalogItemFields Item(string sku, decimal price = 10m) => new()
    {
        Sku = sku, Name = $"Item {sku}", Category = "Prints", Price = price, WeightGrams = 250, Stock = 4,
    };

    [SkippableTheory]
    [InlineData("sku;name;category;price;weight_grams;stock\nDEC-1;Decimal comma;Prints;12,50;300;1\n", "12,50")]
    [InlineData("sku,name,category,price,weight_grams,stock\nDEC-1,Quoted comma,Prints,\"1,5\",300,1\n", "1,5")]
    [InlineData("sku,name,category,price,weight_grams,stock\nDEC-1,Thousands,Prints,\"1,250.00\",300,1\n", "1,250.00")]
    public async Task Import_refuses_a_price_with_a_comma_at_the_price_column(string csv, string price)
    {
        var (_, import) = await ArrangeAsync();

        var row = Assert.Single((await import.PreviewAsync(csv)).Rows);

        Assert.Equal(ImportAction.Error, row.Action);
        Assert.Equal([$"price '{price}' has a comma: use a dot for decimals and no thousands separators, such as 12.50."], row.Errors);
    }

    [SkippableFact]
    public async Task Import_without_the_optional_columns_keeps_them_on_updates_and_defaults_them_on_creates()
    {
        var (catalog, import) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("OPT-1") with { Description = "Solid oak", Currency = "USD", IsActive = false }, "sales")).Item!;
        const string csv = "sku,name,category,price,weight_grams,stock\nOPT-1,Item OPT-1,Prints,10.00,250,99\nOPT-2,New,Prints,5.00,100,1\n";

        var preview = await import.PreviewAsync(csv);
        Assert.Equal(["description", "currency", "active"], preview.AbsentColumns);
        Assert.Equal([ImportAction.Update, ImportAction.Create], preview.Rows.Select(r => r.Action));
        // Only the stock differs from what is stored (the absent columns keep the stored values).
        Assert.Equal(preview.Rows[0].Target!.Fields with { Stock = 99 }, preview.Rows[0].Fields);
        await import.ApplyAsync(preview, "sales");

        var stored = (await catalog.FindAsync(item.Id))!;
        Assert.Equal(("Solid oak", "USD", false, 99), (stored.Description, stored.Currency, stored.IsActive, stored.Stock));
        var created = (await catalog.QueryAsync(new CatalogQuery { Search = "OPT-2", Status = CatalogStatusFilter.All })).Items.Single();
        Assert.Equal(("", "EUR", true), (created.Description, created.Currency, created.IsActive));
    }

    [SkippableFact]
    public async Task Import_apply_is_refused_whole_when_an_item_previewed_as_unchanged_was_saved_since()
    {
        var (catalog, import) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("LOST-1"), "alice")).Item!;
        const string csv = "sku,name,category,price,weight_grams,stock\nLOST-1,Item LOST-1,Prints,10.00,250,4\nLOST-2,New,Prints,1.00,10,1\n";
        var preview = await import.PreviewAsync(csv);
        Assert.Equal([ImportAction.Unchanged, ImportAction.Create], preview.Rows.Select(r => r.Action));

        Assert.True((await catalog.UpdateAsync(item.Id, item.Version, new CatalogItemPatch { Price = 15m }, "bob")).Succeeded);
        var applied = await import.ApplyAsync(preview, "alice");

        Assert.False(applied.CanApply);
        Assert.Equal(string.Format(CatalogImport.ChangedSincePreview, "LOST-1 was changed"), applied.Refusal);
        Assert.Equal(15m, (await catalog.FindAsync(item.Id))!.Price);
        Assert.Empty((await catalog.QueryAsync(new CatalogQuery { Search = "LOST-2", Status = CatalogStatusFilter.All })).Items);
    }

    [SkippableFact]
    public async Task Import_apply_does_not_revert_an_edit_saved_after_the_preview_of_an_update()
    {
        var (catalog, import) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("LOST-3"), "alice")).Item!;
        var preview = await import.PreviewAsync("sku,name,category,price,weight_grams,stock\nLOST-3,Renamed,Prints,10.00,250,4\n");
        Assert.Equal(ImportAction.Update, Assert.Single(preview.Rows).Action);

        Assert.True((await catalog.UpdateAsync(item.Id, item.Version, new CatalogItemPatch { Stock = 40 }, "bob")).Succeeded);
        var applied = await import.ApplyAsync(preview, "alice");

        Assert.NotNull(applied.Refusal);
        var stored = (await catalog.FindAsync(item.Id))!;
        Assert.Equal(("Item LOST-3", 40), (stored.Name, stored.Stock));
    }

    [SkippableFact]
    public async Task Import_apply_is_refused_when_a_sku_it_would_create_was_taken_since_the_preview()
    {
        var (catalog, import) = await ArrangeAsync();
        var preview = await import.PreviewAsync("sku,name,category,price,weight_grams,stock\nRACE-1,Mine,Prints,1.00,10,1\n");
        Assert.Equal(ImportAction.Create, Assert.Single(preview.Rows).Action);
        Assert.True((await catalog.CreateAsync(Item("RACE-1"), "bob")).Succeeded);

        var applied = await import.ApplyAsync(preview, "alice");

        Assert.Equal(string.Format(CatalogImport.ChangedSincePreview, "RACE-1 was changed"), applied.Refusal);
        Assert.Equal("Item RACE-1", (await catalog.QueryAsync(new CatalogQuery { Search = "RACE-1" })).Items.Single().Name);
    }

    [SkippableFact]
    public async Task Export_escapes_cells_a_spreadsheet_would_run_as_formulas_and_import_reads_them_back()
    {
        var (catalog, import) = await ArrangeAsync();
        var fields = Item("FRM-1") with { Name = "=HYPERLINK(\"http://evil.example/\",\"Click\")", Description = "@SUM(1+1)", Category = "+cmd" };
        Assert.True((await catalog.CreateAsync(fields, "sales")).Succeeded);
        Assert.True((await catalog.CreateAsync(Item("FRM-2") with { Name = "'quoted", Description = "-5 cm" }, "sales")).Succeeded);

        var writer = new StringWriter();
        CatalogCsv.Write(await catalog.ListAsync(new CatalogQuery { Search = "FRM-" }), writer);
        var lines = writer.ToString().Split('\n');

        Assert.StartsWith("FRM-1,\"'=HYPERLINK(", lines[1]);
        Assert.Contains(",'@SUM(1+1),'+cmd,", lines[1]);
        Assert.StartsWith("FRM-2,''quoted,'-5 cm,", lines[2]);
        Assert.All((await import.PreviewAsync(writer.ToString())).Rows, r => Assert.Equal(ImportAction.Unchanged, r.Action));
    }

    [SkippableFact]
    public async Task Import_reports_the_line_a_row_starts_on_when_a_cell_spans_lines()
    {
        var (_, import) = await ArrangeAsync();
        const string csv = "sku,name,description,category,price,weight_grams,stock\r\n"
                         + "ML-1,First,\"two\r\nlines\",Prints,1.00,10,1\r\n"
                         + "ML-2,,x,Prints,1.00,10,1\r\n"
                         + "ML-3,Third,\"a\nb\nc\",Prints,1.00,10,1\n"
                         + "ML-4,,x,Prints,1.00,10,1\n";

        var rows = (await import.PreviewAsync(csv)).Rows;

        Assert.Equal([2, 4, 5, 8], rows.Select(r => r.Line));
    }

    [SkippableFact]
    public async Task Import_refuses_control_characters_at_their_line_but_keeps_line_breaks_and_tabs_in_descriptions()
    {
        var (_, import) = await ArrangeAsync();
        var csv = "sku,name,description,category,price,weight_grams,stock\n"
                  + "CC-1,Bell\u0007,,Prints,1.00,10,1\n"
                  + "CC-2,Fine,\"two\nlines\tand a tab\",Prints,1.00,10,1\n"
                  + "CC-3,Fine,Escape \u001B[2J,Prints,1.00,10,1\n";

        var rows = (await import.PreviewAsync(csv)).Rows;

        Assert.Equal([ImportAction.Error, ImportAction.Create, ImportAction.Error], rows.Select(r => r.Action));
        Assert.Equal(["Name contains a control character (U+0007, character 5); remove it, and any line breaks or tabs."], rows[0].Errors);
        Assert.Equal("two\nlines\tand a tab", rows[1].Fields!.Description);
        Assert.Equal(["Description contains a control character (U+001B, character 8); only line breaks and tabs are allowed."], rows[2].Errors);
    }

    private const string MixedFile = "sku,name,category,price,weight_grams,stock\n"
                                   + "MIX-1,Renamed,Prints,10.00,250,4\n"    // line 2: update
                                   + "MIX-2,Bad,Prints,-1,10,1\n"           // line 3: error
                                   + "MIX-3,New,Prints,3.00,10,1\n"         // line 4: create
                                   + "MIX-4,,Prints,3.00,10,1\n"            // line 5: error
                                   + "MIX-5,Item MIX-5,Prints,10.00,250,4\n"; // line 6: unchanged

    [SkippableFact]
    public async Task Import_of_only_the_valid_rows_applies_exactly_those_audits_them_and_names_the_skipped_lines()
    {
        var (catalog, import) = await ArrangeAsync();
        var updated = (await catalog.CreateAsync(Item("MIX-1"), "alice")).Item!;
        var unchanged = (await catalog.CreateAsync(Item("MIX-5"), "alice")).Item!;
        var preview = await import.PreviewAsync(MixedFile);
        Assert.Equal((false, true, 3, 2), (preview.CanApply, preview.CanApplyValidRows, preview.ValidRows, preview.ErrorRows));

        // All or nothing stays the default: the whole preview is not applied while it has errors.
        Assert.Same(preview, await import.ApplyAsync(preview, "alice"));
        Assert.Equal("Item MIX-1", (await catalog.FindAsync(updated.Id))!.Name);

        var applied = await import.ApplyValidRowsAsync(preview, "alice");

        Assert.Null(applied.Refusal);
        Assert.Equal([3, 5], applied.SkippedLines);
        var stored = (await catalog.QueryAsync(new CatalogQuery { Search = "MIX-", Status = CatalogStatusFilter.All })).Items;
        Assert.Equal(["MIX-1", "MIX-3", "MIX-5"], stored.Select(i => i.Sku));
        Assert.Equal("Renamed", stored[0].Name);
        Assert.Equal(unchanged.Version, stored[2].Version);
        Assert.Equal("Updated by import", (await catalog.HistoryAsync(updated.Id))[0].Action);
        Assert.Equal("Imported", Assert.Single(await catalog.HistoryAsync(stored[1].Id)).Action);
        Assert.Single(await catalog.HistoryAsync(unchanged.Id)); // only "Created": an unchanged row writes nothing
    }

    [SkippableFact]
    public async Task Import_of_only_the_valid_rows_is_refused_whole_when_one_of_them_changed_since_the_preview()
    {
        var (catalog, import) = await ArrangeAsync();
        var item = (await catalog.CreateAsync(Item("MIX-1"), "alice")).Item!;
        await catalog.CreateAsync(Item("MIX-5"), "alice");
        var preview = await import.PreviewAsync(MixedFile);
        Assert.True((await catalog.UpdateAsync(item.Id, item.Version, new CatalogItemPatch { Stock = 40 }, "bob")).Succeeded);

        var applied = await import.ApplyValidRowsAsync(preview, "alice");

        Assert.Equal(string.Format(CatalogImport.ChangedSincePreview, "MIX-1 was changed"), applied.Refusal);
        Assert.Empty(applied.SkippedLines);
        Assert.Equal(("Item MIX-1", 40), ((await catalog.FindAsync(item.Id))!.Name, (await catalog.FindAsync(item.Id))!.Stock));
        Assert.Empty((await catalog.QueryAsync(new CatalogQuery { Search = "MIX-3", Status = CatalogStatusFilter.All })).Items);
    }

    [SkippableTheory]
    [InlineData("sku,name,category,price,weight_grams,stock\nOK-1,Fine,Prints,1.00,10,1\n")]   // no errors: the plain apply is for this
    [InlineData("sku,name,category,price,weight_grams,stock\nBAD-1,,Prints,1.00,10,1\n")]       // nothing valid to apply
    [InlineData("sku,name\nBAD-2,Header lacks columns\n")]                                      // the file itself is refused
    public async Task Import_of_only_the_valid_rows_is_offered_only_when_some_rows_are_valid_and_some_not(string csv)
    {
        var (catalog, import) = await ArrangeAsync();
        var preview = await import.PreviewAsync(csv);

        Assert.False(preview.CanApplyValidRows);
        Assert.Same(preview, await import.ApplyValidRowsAsync(preview, "alice"));
        Assert.Equal(0, (await catalog.QueryAsync(new CatalogQuery { Status = CatalogStatusFilter.All })).Total);
    }
}
