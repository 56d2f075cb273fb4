using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Models;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Storage;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Models;

/// <summary>
/// The models pages (home, training, registry) over a real, migrated SQLite database and a folder object store, signed in
/// as an analyst, with the real embeddings store and its backfill over the ResNet18 network (<see cref="Embedder"/>).
/// Each test class adds the services of its pages.
/// </summary>
public abstract class ModelsPagesContext : BunitContext, IAsyncLifetime
{
    protected const string AnalystName = "analyst@portal.local";
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check
    private readonly string _root = Directory.CreateTempSubdirectory("portal-models-pages-").FullName;

    protected ModelsPagesContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(Database));
        Store = new FileSystemObjectStore(_root);
        Services.AddSingleton(Store);
        Spaces = new CustomerImageSpaces(Store, Microsoft.Extensions.Options.Options.Create(new ObjectStoreOptions()));
        Services.AddSingleton(Spaces);
        Services.AddOptions<ModelsOptions>();
        Services.AddSingleton(Embedder);
        Services.AddSingleton<ImageEmbeddings>();
        Services.AddSingleton<EmbeddingBackfill>();
        Services.AddSingleton<EmbeddingBackfillRuns>();
    }

    protected SqliteTestDatabase Database { get; } = new();
    protected IObjectStore Store { get; }
    protected CustomerImageSpaces Spaces { get; }
    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>The embedder the pages' services use (the shared ResNet18 unless a test class gives another).</summary>
    protected virtual IImageEmbedder Embedder => Portal.Tests.Engine.Models.Predictions.SharedEmbedder.View;

    protected IRenderedComponent<PageHost> RenderPage<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null) where TPage : IComponent =>
        Render<PageHost>(host => host.AddChildContent<TPage>(parameters ?? (_ => { })));

    protected static string Text<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.Find($"[data-testid='{testId}']").TextContent.Trim();

    /// <summary>The message MudBlazor shows under a field (its helper/error line), or "".</summary>
    protected static string FieldError<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.Find($"[data-testid='{testId}']").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";

    /// <summary>Signs the analyst in (after the test class's constructor: bUnit takes no services once it has handed one out).</summary>
    public Task InitializeAsync()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(AnalystName);
        auth.SetRoles(Roles.Analyst);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, $"user-{Guid.NewGuid():N}"));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Database.MigrateAsync();
    }

    /// <summary>Before the pages and the database go: what a test class must release first.</summary>
    protected virtual void OnDisposing() { }

    async Task IAsyncLifetime.DisposeAsync()
    {
        OnDisposing();
        await base.DisposeAsync();
        await Database.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
