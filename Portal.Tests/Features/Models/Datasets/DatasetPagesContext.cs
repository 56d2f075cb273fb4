using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.Catalog;
using Portal.Engine.Identity;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Models.Embeddings;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Models.Datasets;

/// <summary>The datasets pages over a real, migrated SQLite database and a folder object store, signed in as an analyst.</summary>
public abstract class DatasetPagesContext : BunitContext, IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-dataset-pages-" + Guid.NewGuid().ToString("N"));

    protected DatasetPagesContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Store = new FileSystemObjectStore(_root);
        Spaces = new CustomerImageSpaces(Store, Microsoft.Extensions.Options.Options.Create(new ObjectStoreOptions()));
        Datasets = new ModelDatasets(new TestDbContextFactory(Database), Spaces, Microsoft.Extensions.Options.Options.Create(new ModelsOptions()),
            TimeProvider.System, SharedEmbedder.Instance);
        Services.AddSingleton(Datasets);
        var auth = AddAuthorization();
        auth.SetAuthorized("analyst@portal.local");
        auth.SetRoles(Roles.Analyst);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, $"user-{Guid.NewGuid():N}"));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected SqliteTestDatabase Database { get; } = new();
    protected IObjectStore Store { get; }
    protected CustomerImageSpaces Spaces { get; }
    protected ModelDatasets Datasets { get; }
    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    protected IRenderedComponent<PageHost> RenderPage<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : IComponent =>
        Render<PageHost>(host => host.AddChildContent<TPage>(parameters ?? (_ => { })));

    protected static string Text<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.Find($"[data-testid='{testId}']").TextContent.Trim();

    /// <summary>The message MudBlazor shows under a field (its helper/error line), or "".</summary>
    protected static string FieldError<T>(IRenderedComponent<T> page, string testId) where T : IComponent
    {
        var input = page.Find($"[data-testid='{testId}']");
        var control = input.Closest(".mud-input-control") ?? throw new InvalidOperationException($"{testId} is not in a MudBlazor input");
        return control.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";
    }

    /// <summary>Product photos (catalog items with a photo key) in these categories, one each, in order.</summary>
    protected async Task<List<int>> PhotosAsync(params string[] categories)
    {
        var ids = new List<int>();
        await using var db = Database.NewContext();
        foreach (var (category, i) in categories.Select((c, i) => (c, i)))
        {
            var item = new CatalogItem { Sku = $"P-{i}-{Guid.NewGuid():N}"[..20], Name = $"Item {i}", Category = category, Price = 5m };
            db.CatalogItems.Add(item);
            await db.SaveChangesAsync();
            item.PhotoKey = CatalogPhotos.NewKey(item.Id, "png");
            await db.SaveChangesAsync();
            ids.Add(item.Id);
        }
        return ids;
    }

    public Task InitializeAsync() => Database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
