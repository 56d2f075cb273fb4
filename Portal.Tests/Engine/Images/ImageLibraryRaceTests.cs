using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Images;

public sealed class SqliteImageLibraryRaceTests() : ImageLibraryRaceTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageLibraryRaceTests() : ImageLibraryRaceTests(DatabaseOptions.Postgres);

/// <summary>
/// Two clients acting on one image at once, made to race the same way every time: the other request runs to its end
/// just before this one's first write (an UPDATE or DELETE) reaches the database. The loser gets a clean answer
/// (false, which the API and page turn into 404/409 and a message), never an exception, and nothing is half done.
/// Also the far pages of the library.
/// </summary>
public abstract class ImageLibraryRaceTests(string provider) : ProviderSuite(provider)
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-image-race-" + Guid.NewGuid().ToString("N"));
    private readonly string _owner = Guid.NewGuid().ToString();
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    private async Task<(ImageLibrary Racer, ImageLibrary Loser, RunsFirstBeforeWrite Gate, TestDatabase Database)> LibrariesAsync()
    {
        var database = await DatabaseAsync();
        await using (var db = database.NewContext())
        {
            db.Users.Add(new PortalUser { Id = _owner, UserName = $"{_owner}@example.com", Email = $"{_owner}@example.com", DisplayName = "Customer" });
            await db.SaveChangesAsync();
        }
        var spaces = new CustomerImageSpaces(new FileSystemObjectStore(_root), Options.Create(new ObjectStoreOptions()));
        var gate = new RunsFirstBeforeWrite();
        ImageLibrary Library(IDbContextFactory<PortalDbContext> factory) => new(factory, spaces, _processor, Options.Create(new ImagingOptions()), TimeProvider.System);
        return (Library(new TestDbContextFactory(database)), Library(new InterceptedFactory(database, gate)), gate, database);
    }

    private async Task<ImageAsset> UploadAsync(ImageLibrary library)
    {
        using var bitmap = TestImages.Photo(120, 80);
        return (await library.UploadAsync(_owner, "photo.jpg", new MemoryStream(TestImages.Jpeg(bitmap)))).Image!;
    }

    private static async Task SetStatusAsync(TestDatabase database, Guid id, ImageStatus status)
    {
        await using var db = database.NewContext();
        await db.Images.Where(i => i.Id == id).ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, status));
    }

    private static async Task<int> EventsAsync(TestDatabase database, string type)
    {
        await using var db = database.NewContext();
        return await db.OutboxMessages.CountAsync(m => m.Type == type);
    }

    [SkippableFact]
    public async Task Two_deletes_at_once_one_deletes_the_other_answers_already_deleted_and_nothing_is_left()
    {
        var (racer, loser, gate, database) = await LibrariesAsync();
        var image = await UploadAsync(racer);
        var rendition = await racer.SaveRenditionAsync(_owner, image.Id, new ImageEdits { Grayscale = true }, null, null);
        Assert.NotNull(rendition);
        var racerAnswer = (bool?)null;
        gate.Before = async () => racerAnswer = await racer.DeleteAsync(_owner, image.Id);

        var loserAnswer = await loser.DeleteAsync(_owner, image.Id);

        Assert.True(gate.Ran, "the other delete did not run before this one's first write");
        Assert.True(racerAnswer);
        Assert.False(loserAnswer);
        await using var db = database.NewContext();
        Assert.False(await db.Images.AnyAsync(i => i.Id == image.Id));
        Assert.False(await db.ImageRenditions.AnyAsync(r => r.ImageAssetId == image.Id));
        Assert.Equal(1, await EventsAsync(database, EventCatalog.TypeOf<ImageDeleted>()));
        Assert.Empty(Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories) : []);
    }

    [SkippableFact]
    public async Task Two_retries_at_once_move_the_image_once_and_write_one_event_and_never_undo_the_worker()
    {
        var (racer, loser, gate, database) = await LibrariesAsync();
        var image = await UploadAsync(racer);
        await SetStatusAsync(database, image.Id, ImageStatus.Failed);
        var racerAnswer = (bool?)null;
        gate.Before = async () =>
        {
            racerAnswer = await racer.RetryAsync(_owner, image.Id);
            await SetStatusAsync(database, image.Id, ImageStatus.Ready); // and the worker processed it at once
        };

        var loserAnswer = await loser.RetryAsync(_owner, image.Id);

        Assert.True(gate.Ran, "the other retry did not run before this one's write");
        Assert.True(racerAnswer);
        Assert.False(loserAnswer);
        Assert.Equal(ImageStatus.Ready, (await racer.FindAsync(_owner, image.Id))!.Status);
        Assert.Equal(2, await EventsAsync(database, EventCatalog.TypeOf<ImageUploaded>())); // the upload's and the one retry's
    }

    [SkippableFact]
    public async Task A_retry_racing_a_delete_answers_false_and_writes_no_event()
    {
        var (racer, loser, gate, database) = await LibrariesAsync();
        var image = await UploadAsync(racer);
        await SetStatusAsync(database, image.Id, ImageStatus.Failed);
        gate.Before = async () => Assert.True(await racer.DeleteAsync(_owner, image.Id));

        var loserAnswer = await loser.RetryAsync(_owner, image.Id);

        Assert.True(gate.Ran, "the delete did not run before the retry's write");
        Assert.False(loserAnswer);
        Assert.Null(await racer.FindAsync(_owner, image.Id));
        Assert.Equal(1, await EventsAsync(database, EventCatalog.TypeOf<ImageUploaded>()));
    }

    [SkippableFact]
    public async Task A_far_page_is_empty_not_an_error_or_the_first_page()
    {
        var (racer, _, _, _) = await LibrariesAsync();
        await UploadAsync(racer);

        var (images, total) = await racer.PageAsync(_owner, 21474838, 100);
        var (last, _) = await racer.PageAsync(_owner, int.MaxValue, 100);

        Assert.Empty(images);
        Assert.Empty(last);
        Assert.Equal(1, total);
    }

    public override async Task DisposeAsync()
    {
        _processor.Dispose();
        await base.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private sealed class InterceptedFactory(TestDatabase database, IInterceptor gate) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => database.Provider == DatabaseOptions.Sqlite
            ? new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(gate).Options)
            : new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database.ConnectionString).AddInterceptors(gate).Options);
    }

    /// <summary>
    /// Runs <see cref="Before"/> (the other request, to its end) once, just before the first UPDATE or DELETE this context sends
    /// or the first transaction it begins (so the other request is not held behind this one's lock, as SQLite would).
    /// </summary>
    private sealed class RunsFirstBeforeWrite : DbCommandInterceptor, IDbTransactionInterceptor
    {
        public Func<Task>? Before;
        public bool Ran;

        private async Task RunAsync(DbCommand? command)
        {
            var sql = command?.CommandText ?? "";
            var writes = command is null || sql.Contains("UPDATE ", StringComparison.OrdinalIgnoreCase) || sql.Contains("DELETE ", StringComparison.OrdinalIgnoreCase);
            if (Ran || Before is null || !writes) return;
            Ran = true;
            await Before();
        }

        public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            await RunAsync(null);
            return result;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await RunAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await RunAsync(command);
            return result;
        }
    }
}
