using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Engine.Auditing;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Catalog;

public sealed class SqliteCatalogBulkTests() : CatalogBulkTests(DatabaseOptions.Sqlite);

/// <summary>
/// Also what only PostgreSQL can show: someone else saving while a bulk transaction runs (SQLite lets one writer in
/// at a time, so there nobody else can save meanwhile).
/// </summary>
public sealed class PostgresCatalogBulkTests() : CatalogBulkTests(DatabaseOptions.Postgres)
{
    [SkippableFact]
    public Task A_save_by_someone_else_during_a_bulk_change_is_read_and_kept_not_overwritten() => SaveBySomeoneElseIsKeptAsync();

    [SkippableFact]
    public Task A_bulk_change_that_keeps_meeting_saves_by_someone_else_gives_up_and_changes_nothing() => KeepsMeetingSavesGivesUpAsync();
}

/// <summary>
/// Bulk actions on every item matching a filter, on each provider: done a batch at a time (small batches
/// here, so several are needed) in one transaction, each item version-guarded and audited.
/// </summary>
public abstract class CatalogBulkTests(string provider) : ProviderSuite(provider)
{
    private const int BatchSize = 50;
    private const int Matching = 130;
    private static readonly CatalogSelection AllBulk = CatalogSelection.Matching(new CatalogQuery { Search = "bulk-" });


    private async Task<(CatalogBulkActions Catalog, TestDatabase Database)> ArrangeAsync()
    {
        var database = await DatabaseAsync();
        await using var db = database.NewContext();
        db.CatalogItems.AddRange(Enumerable.Range(1, Matching).Select(n => Item($"BULK-{n:D3}", 10m)));
        db.CatalogItems.AddRange(Enumerable.Range(1, 5).Select(n => Item($"OTHER-{n}", 10m)));
        await db.SaveChangesAsync();
        return (Service(new TestDbContextFactory(database)), database);
    }

    private CatalogBulkActions Service(IDbContextFactory<PortalDbContext> factory) =>
        new(factory, TimeProvider.System) { BulkBatchSize = BatchSize };

    private static CatalogItem Item(string sku, decimal price, bool active = true) =>
        new() { Sku = sku, Name = $"Item {sku}", Category = "Prints", Price = price, WeightGrams = 100, Stock = 3, IsActive = active };

    private static async Task<List<CatalogItem>> ItemsAsync(TestDatabase database, string prefix)
    {
        await using var db = database.NewContext();
        return await db.CatalogItems.AsNoTracking().Where(i => i.Sku.StartsWith(prefix)).OrderBy(i => i.Sku).ToListAsync();
    }

    private static async Task<List<AuditEntry>> AuditAsync(TestDatabase database, string action)
    {
        await using var db = database.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == CatalogService.AuditEntityType && a.Action == action).ToListAsync();
    }

    private static async Task SetAsync(TestDatabase database, string sku, Action<CatalogItem> change)
    {
        await using var db = database.NewContext();
        change(await db.CatalogItems.SingleAsync(i => i.Sku == sku));
        await db.SaveChangesAsync();
    }

    [SkippableFact]
    public async Task Deactivating_all_matching_changes_every_match_batch_by_batch_audits_each_and_leaves_the_rest()
    {
        var (catalog, database) = await ArrangeAsync();
        await SetAsync(database, "BULK-007", i => i.IsActive = false);
        var before = (await ItemsAsync(database, "BULK-")).ToDictionary(i => i.Sku);
        var progress = new Reports();

        var result = await catalog.SetActiveAsync(AllBulk, false, "sales", progress);

        Assert.Equal(new BulkChangeResult(Matching, Matching - 1), result);
        Assert.Equal([new BulkProgress(50, 129), new BulkProgress(100, 129), new BulkProgress(129, 129)], progress.Seen);
        var after = await ItemsAsync(database, "BULK-");
        Assert.All(after, i => Assert.False(i.IsActive));
        Assert.All(after.Where(i => i.Sku != "BULK-007"), i => Assert.Equal(before[i.Sku].Version + 1, i.Version));
        Assert.Equal(before["BULK-007"].Version, after.Single(i => i.Sku == "BULK-007").Version);
        Assert.All(await ItemsAsync(database, "OTHER-"), i => Assert.True((i.IsActive, i.Version) == (true, 0), $"{i.Sku} was changed"));

        var audit = await AuditAsync(database, "Deactivated");
        Assert.Equal(after.Where(i => i.Sku != "BULK-007").Select(i => i.Id.ToString()).Order(), audit.Select(a => a.EntityId).Order());
        Assert.All(audit, a => Assert.Equal([new FieldChange("isActive", "true", "false")], AuditTrail.Changes(a)));
        Assert.All(audit, a => Assert.Equal("sales", a.UserName));
        // Each changed item's CatalogItemChanged was committed with it.
        Assert.Equal(after.Where(i => i.Sku != "BULK-007").Select(i => i.Id).Order(), (await OutboxEvents.ChangedItemsAsync(database)).Order());

        // An editor still holding a version from before the bulk change is refused, not let through.
        var stale = before["BULK-001"];
        Assert.Equal(CatalogOutcome.Conflict, (await new CatalogService(new TestDbContextFactory(database), TimeProvider.System).UpdateAsync(stale.Id, stale.Version, new CatalogItemPatch { Stock = 9 }, "ann")).Outcome);
    }

    [SkippableFact]
    public async Task Ticked_rows_archived_since_are_skipped_by_bulk_actions_and_counted()
    {
        var (catalog, database) = await ArrangeAsync();
        var ticked = CatalogSelection.Of((await ItemsAsync(database, "OTHER-")).Take(3).Select(i => i.Id).ToList());
        await SetAsync(database, "OTHER-2", i => i.ArchivedAt = DateTime.UtcNow);

        var deactivated = await catalog.SetActiveAsync(ticked, false, "sales");
        var preview = await catalog.PlanPriceChangeAsync(ticked, 10m);
        var repriced = await catalog.ApplyPriceChangeAsync(ticked, 10m, "sales");

        Assert.Equal(new BulkChangeResult(2, 2) { Skipped = 1 }, deactivated);
        Assert.Equal((2, 1), (preview.Count, preview.Skipped));
        Assert.Equal((2, 1), (repriced.Changed, repriced.Skipped));
        var archived = (await ItemsAsync(database, "OTHER-2")).Single();
        Assert.Equal((true, 10m), (archived.IsActive, archived.Price));
    }

    [SkippableFact]
    public async Task All_matching_a_filter_that_shows_archived_items_still_leaves_them_unchanged()
    {
        var (catalog, database) = await ArrangeAsync();
        await SetAsync(database, "OTHER-2", i => i.ArchivedAt = DateTime.UtcNow);
        var everything = CatalogSelection.Matching(new CatalogQuery { Search = "other-", Status = CatalogStatusFilter.All });

        var deactivated = await catalog.SetActiveAsync(everything, false, "sales");
        var repriced = await catalog.ApplyPriceChangeAsync(everything, 10m, "sales");

        Assert.Equal((4, 4), (deactivated.Matched, deactivated.Changed));
        Assert.Equal(4, repriced.Changed);
        var archived = (await ItemsAsync(database, "OTHER-2")).Single();
        Assert.Equal((true, 10m), (archived.IsActive, archived.Price));
    }

    [SkippableFact]
    public async Task Repricing_all_matching_previews_the_whole_set_and_is_all_or_nothing()
    {
        var (catalog, database) = await ArrangeAsync();
        await SetAsync(database, "BULK-050", i => i.Price = 0.01m); // +10 % rounds back to 0.01
        await SetAsync(database, "BULK-130", i => i.Price = 950_000m); // +10 % is above the highest price

        var refused = await catalog.PlanPriceChangeAsync(AllBulk, 10m);
        Assert.Equal(Matching, refused.Count);
        Assert.StartsWith("BULK-130 would cost 1045000", refused.Error);
        Assert.Equal(PriceChangePlan.MaxExamples, refused.Examples.Count);
        Assert.Equal("BULK-001", refused.Examples[0].Sku);

        // Applied anyway, the last batch finds the same price: the batches already written are undone.
        var progress = new Reports();
        var notApplied = await catalog.ApplyPriceChangeAsync(AllBulk, 10m, "sales", progress);
        Assert.Equal(refused.Error, notApplied.Error);
        Assert.Equal(Matching, notApplied.Count);
        Assert.Equal(3, progress.Seen.Count);
        Assert.All((await ItemsAsync(database, "BULK-")).Where(i => i.Sku is not ("BULK-050" or "BULK-130")), i => Assert.Equal((10m, 0L), (i.Price, i.Version)));
        Assert.Empty(await AuditAsync(database, "Repriced"));
        Assert.Empty(await OutboxEvents.ChangedItemsAsync(database));

        await SetAsync(database, "BULK-130", i => i.Price = 10m);
        var preview = await catalog.PlanPriceChangeAsync(AllBulk, 10m);
        Assert.Null(preview.Error);
        Assert.Equal((Matching, Matching - 1), (preview.Count, preview.Changed));

        var applied = await catalog.ApplyPriceChangeAsync(AllBulk, 10m, "sales");

        Assert.Null(applied.Error);
        Assert.Equal((preview.Count, preview.Changed, preview.Fingerprint), (applied.Count, applied.Changed, applied.Fingerprint));
        var after = await ItemsAsync(database, "BULK-");
        Assert.All(after.Where(i => i.Sku != "BULK-050"), i => Assert.Equal(11m, i.Price));
        Assert.Equal(0.01m, after.Single(i => i.Sku == "BULK-050").Price);
        Assert.All(await ItemsAsync(database, "OTHER-"), i => Assert.Equal(10m, i.Price));
        var audit = await AuditAsync(database, "Repriced");
        Assert.Equal(Matching - 1, audit.Count);
        Assert.DoesNotContain(audit, a => a.EntityId == after.Single(i => i.Sku == "BULK-050").Id.ToString());
        Assert.Equal(after.Where(i => i.Sku != "BULK-050").Select(i => i.Id).Order(), (await OutboxEvents.ChangedItemsAsync(database)).Order());

        // Prices moved since this preview: applying it again tells by its fingerprint.
        Assert.NotEqual(preview.Fingerprint, (await catalog.PlanPriceChangeAsync(AllBulk, 10m)).Fingerprint);
    }

    [SkippableFact]
    public async Task A_filter_is_evaluated_when_the_action_runs()
    {
        var (catalog, database) = await ArrangeAsync();
        var plan = await catalog.PlanPriceChangeAsync(AllBulk, 5m);
        await using (var db = database.NewContext())
        {
            db.CatalogItems.Add(Item("BULK-NEW", 20m));
            await db.SaveChangesAsync();
        }

        var applied = await catalog.ApplyPriceChangeAsync(AllBulk, 5m, "sales");

        Assert.Equal((Matching, Matching + 1), (plan.Count, applied.Count));
        Assert.NotEqual(plan.Fingerprint, applied.Fingerprint);
        Assert.Equal(21m, (await ItemsAsync(database, "BULK-NEW")).Single().Price);
    }

    protected async Task SaveBySomeoneElseIsKeptAsync()
    {
        var (_, database) = await ArrangeAsync();
        // Someone else saves an item of the second batch after the bulk action read it and before it writes it.
        var someoneElse = new ConcurrentSave(database, when: save => save == 2);
        var catalog = Service(new InterceptedFactory(database, someoneElse));

        var result = await catalog.SetActiveAsync(AllBulk, false, "sales");

        Assert.Equal(new BulkChangeResult(Matching, Matching), result);
        var theirs = (await ItemsAsync(database, someoneElse.ChangedSkus.Single())).Single();
        Assert.Equal((ConcurrentSave.TheirStock, false, 2L), (theirs.Stock, theirs.IsActive, theirs.Version));
        Assert.All(await ItemsAsync(database, "BULK-"), i => Assert.False(i.IsActive));
        // The first attempt was undone entirely: one audit entry per item, and theirs starts from their stock.
        var audit = await AuditAsync(database, "Deactivated");
        Assert.Equal(Matching, audit.Count);
        Assert.Contains(ConcurrentSave.TheirStock.ToString(), audit.Single(a => a.EntityId == theirs.Id.ToString()).BeforeJson);
    }

    protected async Task KeepsMeetingSavesGivesUpAsync()
    {
        var (_, database) = await ArrangeAsync();
        var someoneElse = new ConcurrentSave(database, when: _ => true);
        var catalog = Service(new InterceptedFactory(database, someoneElse));

        var result = await catalog.ApplyPriceChangeAsync(AllBulk, 10m, "sales");

        Assert.Equal(CatalogBulkActions.BulkAttempts, someoneElse.ChangedSkus.Count);
        Assert.Equal($"{someoneElse.ChangedSkus[^1]} kept being changed by someone else meanwhile, so nothing was changed. Try again.", result.Error);
        Assert.All(await ItemsAsync(database, "BULK-"), i => Assert.Equal(10m, i.Price));
        Assert.Empty(await AuditAsync(database, "Repriced"));
        Assert.Empty(await OutboxEvents.ChangedItemsAsync(database));
    }

    /// <summary>Every progress report, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Reports : IProgress<BulkProgress>
    {
        public List<BulkProgress> Seen { get; } = [];

        public void Report(BulkProgress value) => Seen.Add(value);
    }

    /// <summary>Contexts on the test database that run <paramref name="interceptor"/> on each save.</summary>
    private sealed class InterceptedFactory(TestDatabase database, IInterceptor interceptor) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() =>
            new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database.ConnectionString).AddInterceptors(interceptor).Options);
    }

    /// <summary>
    /// Before the bulk action's save number <c>n</c> (when <c>when(n)</c>), another connection commits a
    /// change to the first item the save is about to write: what a second editor saving just then does.
    /// </summary>
    private sealed class ConcurrentSave(TestDatabase database, Func<int, bool> when) : SaveChangesInterceptor
    {
        public const int TheirStock = 77;
        private int _saves;

        public List<string> ChangedSkus { get; } = [];

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var item = eventData.Context!.ChangeTracker.Entries<CatalogItem>().FirstOrDefault(e => e.State == EntityState.Modified)?.Entity;
            if (item is not null && when(++_saves))
            {
                await using var other = database.NewContext();
                await other.CatalogItems.Where(i => i.Id == item.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, TheirStock).SetProperty(i => i.Version, i => i.Version + 1), cancellationToken);
                ChangedSkus.Add(item.Sku);
            }
            return result;
        }
    }
}
