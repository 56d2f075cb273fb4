using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Images;

public sealed class SqliteRenditionUniquenessTests() : RenditionUniquenessTests(DatabaseOptions.Sqlite);

public sealed class PostgresRenditionUniquenessTests() : RenditionUniquenessTests(DatabaseOptions.Postgres);

/// <summary>One record per stored rendition on each provider: saving the same rendition twice at once, and the migration that made it so.</summary>
public abstract class RenditionUniquenessTests(string provider) : ProviderSuite(provider)
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-rendition-unique-" + Guid.NewGuid().ToString("N"));
    private readonly string _owner = Guid.NewGuid().ToString();
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    private async Task AccountAsync(PortalDbContext db)
    {
        db.Users.Add(new PortalUser { Id = _owner, UserName = $"{_owner}@example.com", Email = $"{_owner}@example.com", DisplayName = "Customer" });
        await db.SaveChangesAsync();
    }

    [SkippableFact]
    public async Task Saving_the_same_rendition_twice_at_once_makes_one_record_and_deleting_it_leaves_no_dangling_one()
    {
        var database = await DatabaseAsync();
        await using (var db = database.NewContext()) await AccountAsync(db);
        var gate = new ChecksBeforeInserts();
        var spaces = new CustomerImageSpaces(new FileSystemObjectStore(_root), Options.Create(new ObjectStoreOptions()));
        var library = new ImageLibrary(new GatedFactory(database, gate), spaces, _processor, Options.Create(new ImagingOptions()), TimeProvider.System);
        using var bitmap = TestImages.Photo(120, 80);
        var image = (await library.UploadAsync(_owner, "photo.jpg", new MemoryStream(TestImages.Jpeg(bitmap)))).Image!;
        gate.Armed = true;

        var edits = new ImageEdits { Grayscale = true };
        var saved = await Task.WhenAll(
            Task.Run(() => library.SaveRenditionAsync(_owner, image.Id, edits, null, null)),
            Task.Run(() => library.SaveRenditionAsync(_owner, image.Id, edits, null, null)));
        gate.Armed = false;

        Assert.True(gate.BothChecked, "the two saves did not both look before inserting");
        Assert.Equal(saved[0]!.Id, saved[1]!.Id);
        Assert.Single((await library.FindAsync(_owner, image.Id))!.Renditions);
        Assert.True(await library.DeleteRenditionAsync(_owner, image.Id, saved[0]!.Id));
        Assert.Empty((await library.FindAsync(_owner, image.Id))!.Renditions);
    }

    [SkippableFact]
    public async Task The_migration_keeps_one_record_of_renditions_saved_twice_before_it()
    {
        var database = await DatabaseAsync();
        await using var db = database.NewContext();
        var migrations = db.Database.GetMigrations().ToList();
        var unique = migrations.FindIndex(m => m.EndsWith("_UniqueRenditionKeys", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[unique - 1]);
        // The account as that schema had it (users have gained columns since, so not through the model).
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Id", "UserName", "Email", "DisplayName", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            VALUES ({_owner}, {_owner + "@example.com"}, {_owner + "@example.com"}, {"Customer"}, {false}, {false}, {false}, {false}, {0})
            """);
        // The image row as that schema had it (today's model has columns added since, so not through the model).
        var image = new ImageAsset { Id = Guid.NewGuid(), OwnerUserId = _owner, OriginalKey = "originals/a.jpg", FileName = "a.jpg", ContentType = "image/jpeg" };
        var now = DateTime.UtcNow;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO images ("Id", "OwnerUserId", "OriginalKey", "FileName", "ContentType", "SizeBytes", "Status", "CreatedAt", "UpdatedAt")
            VALUES ({image.Id}, {_owner}, {image.OriginalKey}, {image.FileName}, {image.ContentType}, {0L}, {"Ready"}, {now}, {now})
            """);
        foreach (var key in new[] { "renditions/a/1.jpg", "renditions/a/1.jpg", "renditions/a/2.jpg", "renditions/a/1.jpg" })
        {
            db.ImageRenditions.Add(new ImageRendition { ImageAssetId = image.Id, Key = key, EditsJson = "{}", ContentType = "image/jpeg" });
            await db.SaveChangesAsync();
        }
        var first = await db.ImageRenditions.Where(r => r.Key == "renditions/a/1.jpg").MinAsync(r => r.Id);

        await migrator.MigrateAsync();

        var left = await db.ImageRenditions.AsNoTracking().OrderBy(r => r.Key).Select(r => new { r.Id, r.Key }).ToListAsync();
        Assert.Equal(["renditions/a/1.jpg", "renditions/a/2.jpg"], left.Select(r => r.Key));
        Assert.Equal(first, left[0].Id);
    }

    public override async Task DisposeAsync()
    {
        _processor.Dispose();
        await base.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private sealed class GatedFactory(TestDatabase database, IInterceptor gate) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => database.Provider == DatabaseOptions.Sqlite
            ? new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(gate).Options)
            : new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database.ConnectionString).AddInterceptors(gate).Options);
    }

    /// <summary>Holds each rendition insert until both saves have looked for an existing record: the race, every time.</summary>
    private sealed class ChecksBeforeInserts : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _bothChecked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _checks;
        public volatile bool Armed;

        public bool BothChecked => _bothChecked.Task.IsCompleted;

        // PostgreSQL's SQL leaves these lower-case names unquoted, SQLite's quotes them.
        private static string Sql(DbCommand command) => command.CommandText.Replace("\"", "");

        private static bool IsExistingCheck(DbCommand command) => Sql(command).Contains("FROM image_renditions") && !Sql(command).Contains("images");

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Armed && Sql(command).Contains("INSERT INTO image_renditions"))
                await Task.WhenAny(_bothChecked.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (Armed && IsExistingCheck(command) && Interlocked.Increment(ref _checks) == 2) _bothChecked.TrySetResult();
            return ValueTask.FromResult(result);
        }
    }
}
