using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake.Sources;
using Portal.Engine.Data;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// One export run: every table writes its new files under keys of this run, then the Athena DDL, then the manifest
/// (the publish), then Athena's symlink manifests, then old files are pruned. Until the manifest is written nothing a reader follows has changed, so a
/// run that fails or is cancelled part-way leaves the previous dataset whole; its stray files are pruned later.
/// </summary>
public sealed class LakeExporter(
    IObjectStore store,
    LakeManifestStore manifests,
    LakePruner pruner,
    IDbContextFactory<PortalDbContext> databases,
    IOptions<LakeOptions> options,
    TimeProvider clock,
    ILogger<LakeExporter> logger,
    IOptions<ObjectStoreOptions>? storeOptions = null)
{
    public static readonly int TableCount = LakeTables.All.Count;

    public async Task<LakeExportContext> ExportAsync(long runId, Action<LakeExportContext> progressed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await store.EnsureBucketAsync(settings.Bucket, cancellationToken);
        var previous = await manifests.CurrentAsync(cancellationToken);
        var pseudonyms = await LakePseudonyms.LoadAsync(databases, clock, cancellationToken);
        await using var source = await OpenSourceAsync(cancellationToken);
        var context = new LakeExportContext(runId, now, source, previous, pseudonyms, store, settings, progressed);

        var orderMonths = new OrderMonths();
        ILakeTableExport[] exports = [new SalesExport(orderMonths), new OrdersExport(orderMonths), new MembershipExport(), new CatalogExport(), new EventsExport(),
            new ImageEmbeddingsExport()];
        var tables = new List<LakeManifestTable>();
        foreach (var export in exports)
        {
            context.CurrentTable = export.Table.Name;
            context.Report();
            tables.Add(await export.ExportAsync(context, cancellationToken));
            context.TablesDone++;
            context.Report();
        }
        context.CurrentTable = null;

        cancellationToken.ThrowIfCancellationRequested();
        using (var ddl = new MemoryStream(Encoding.UTF8.GetBytes(AthenaDdl.For(settings.Bucket, settings.Database)), writable: false))
            await store.PutAsync(settings.Bucket, LakeKeys.AthenaDdl, ddl, "application/sql", cancellationToken: cancellationToken);
        var manifest = new LakeManifest
        {
            Version = runId,
            CreatedAt = now,
            Watermarks = new SortedDictionary<string, string>(context.Watermarks.ToDictionary(), StringComparer.Ordinal),
            Tables = LakeRetention.Keep(tables, now, storeOptions?.Value.Lifecycle.KeepExportMonths),
        };
        await manifests.PublishAsync(manifest, cancellationToken);
        // Only now may Athena see the run; published, it is finished even if cancelled. Should this fail, the run fails
        // and the next one repairs the symlinks.
        await AthenaSymlinks.WriteAsync(store, settings.Bucket, manifest, CancellationToken.None);
        logger.LogInformation("Lake export {Run}: {Rows} rows read, {Written} partitions written, {Kept} kept, at most {Writers} Parquet writer(s) open",
            runId, context.Rows, context.PartitionsWritten, context.PartitionsKept, context.MostWritersOpen);

        try { await pruner.PruneAsync(manifest, settings, CancellationToken.None); }
        catch (Exception e) { logger.LogWarning(e, "Lake export {Run}: pruning old files failed; the next run tries again", runId); }
        return context;
    }

    private async Task<ILakeSource> OpenSourceAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var connectionString = db.Database.GetConnectionString()!;
        if (db.Database.IsNpgsql())
        {
            // A larger read buffer than Npgsql's 8 KiB: the export streams hundreds of MB, and each refill is a system call.
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            builder.ReadBufferSize = Math.Max(builder.ReadBufferSize, PostgresLakeSource.ReadBufferSize);
            return new PostgresLakeSource(new Npgsql.NpgsqlConnection(builder.ConnectionString));
        }
        return new SqliteLakeSource(new Microsoft.Data.Sqlite.SqliteConnection(connectionString));
    }
}
