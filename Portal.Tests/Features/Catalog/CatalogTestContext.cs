using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Imaging;
using Portal.Engine.Overview;
using Portal.Engine.Storage;
using Portal.Features.Catalog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Catalog;

/// <summary>
/// The catalog UI over a real, migrated SQLite database with the real catalog services, signed in
/// as the Sales demo user. Changes "by someone else" go through <see cref="OtherUser"/> (which
/// announces them on the same change feed) or straight into the database (which does not).
/// </summary>
public abstract class CatalogTestContext : BunitContext, IAsyncLifetime
{
    protected const string SalesUser = "sales@portal.local";
    protected const string OtherUserName = "other@portal.local";
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check

    protected SqliteTestDatabase Database { get; } = new();
    protected CatalogChangeFeed Feed { get; } = new();
    private readonly Factory _uiFactory;
    private readonly string _photoRoot = Path.Combine(Path.GetTempPath(), "portal-catalog-ui-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the UI stores product photos (the "catalog" space of a temporary file-system store).</summary>
    protected CustomerImageSpaces PhotoSpaces { get; }

    /// <summary>Models a test trains and deploys; the real registry and endpoint predictor serve them.</summary>
    internal Portal.Tests.Engine.Models.Predictions.ColourModels Models { get; }

    /// <summary>How many database contexts the UI has opened so far: a check that nothing went to the database.</summary>
    protected int UiDatabaseUses => _uiFactory.Created;

    protected CatalogTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(new Portal.Features.Images.ImageUrlSigner(Microsoft.Extensions.Options.Options.Create(new Portal.Features.Images.ImageHandlerOptions())));
        _uiFactory = new Factory(Database);
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_uiFactory);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Feed);
        // Product photos go to a file-system object store in a temporary directory.
        PhotoSpaces = new CustomerImageSpaces(new FileSystemObjectStore(_photoRoot), Options.Create(new ObjectStoreOptions()));
        Services.AddSingleton(PhotoSpaces);
        Services.AddSingleton(Options.Create(new ImagingOptions()));
        Services.AddSingleton(new ImageProcessor(new ImagingOptions()));
        Services.AddSingleton<CatalogPhotos>();
        // The suggested category of a new photo: real ResNet18 embeddings, models trained in the test (none deployed unless a test does).
        Models = new Portal.Tests.Engine.Models.Predictions.ColourModels(Database.NewContext, new FileSystemObjectStore(_photoRoot));
        Services.AddSingleton<Portal.Engine.Models.Registry.IEndpointPredictor>(Models.Predictor);
        Services.AddSingleton<Portal.Engine.Models.Embeddings.IImageEmbedder>(Portal.Tests.Engine.Models.Predictions.SharedEmbedder.View);
        Services.AddSingleton(Options.Create(new Portal.Engine.Models.ModelsOptions()));
        Services.AddSingleton<Portal.Engine.Models.Predictions.CategorySuggester>();
        Services.AddScoped<CatalogService>();
        Services.AddOverviews();
        Services.AddScoped<CatalogBulkActions>();
        Services.AddScoped<CatalogImport>();
        var auth = AddAuthorization();
        auth.SetAuthorized(SalesUser);
        auth.SetRoles(Roles.Sales);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // A deferred reload waits for editing to have ended for a moment; keep that short here.
        CatalogGrid.IdleBeforeReload = TimeSpan.FromMilliseconds(50);
    }

    /// <summary>The catalog service as another Sales user in another browser would use it.</summary>
    protected CatalogService OtherUser => new(new Factory(Database), TimeProvider.System);

    /// <summary>What this instance's live feed hears once the relay has published the change's CatalogItemChanged.</summary>
    protected void Announce(int itemId) => Feed.Publish(new CatalogChanged([itemId], OtherUserName));

    protected static CatalogItem Item(string sku, string name, string category, decimal price, int stock = 5, int weight = 250, bool active = true) =>
        new() { Sku = sku, Name = name, Category = category, Price = price, Stock = stock, WeightGrams = weight, IsActive = active };

    protected async Task SeedAsync(params CatalogItem[] items)
    {
        await using var db = Database.NewContext();
        db.CatalogItems.AddRange(items);
        await db.SaveChangesAsync();
    }

    protected async Task<CatalogItem> StoredAsync(string sku)
    {
        await using var db = Database.NewContext();
        return await db.CatalogItems.AsNoTracking().SingleAsync(i => i.Sku == sku);
    }

    /// <summary>Renders the page and waits until the grid shows <paramref name="expectedSku"/>.</summary>
    protected IRenderedComponent<CatalogPageHost> RenderCatalog(string? expectedSku = null)
    {
        var page = Render<CatalogPageHost>();
        if (expectedSku is not null) page.WaitForElement($"[data-testid=price-{expectedSku}]", Patience);
        return page;
    }

    protected static string[] GridSkus(IRenderedComponent<CatalogPageHost> page) =>
        page.FindAll("[data-testid=cell-sku]").Select(e => e.TextContent.Trim()).ToArray();

    /// <summary>The message MudBlazor shows under a field (its helper/error line).</summary>
    protected static string FieldMessage(IRenderedComponent<CatalogPageHost> page, string testId)
    {
        var input = page.Find($"[data-testid={testId}]");
        var control = input.Closest(".mud-input-control") ?? throw new InvalidOperationException($"{testId} is not in a MudBlazor input");
        return control.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";
    }

    public Task InitializeAsync() => Database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(_photoRoot)) Directory.Delete(_photoRoot, recursive: true);
    }

    private sealed class Factory(TestDatabase database) : IDbContextFactory<PortalDbContext>
    {
        private int _created;

        public int Created => Volatile.Read(ref _created);

        public PortalDbContext CreateDbContext()
        {
            Interlocked.Increment(ref _created);
            return database.NewContext();
        }
    }
}
