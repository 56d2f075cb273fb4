using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>
/// The image pages over a real, migrated SQLite database, a file-system object store in a temp folder and
/// the real imaging engine, signed in as one customer (<see cref="UserId"/>).
/// </summary>
public abstract class ImageTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    protected const long MaxUploadBytes = 2_000_000;
    protected static readonly TimeSpan PreviewDelay = TimeSpan.FromMilliseconds(50);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("portal-images-bunit-");

    protected SqliteTestDatabase Database { get; } = new();

    /// <summary>The object store the pages use: a folder under the test's temp folder; tests may make its deletions fail.</summary>
    protected FaultyObjectStore Store { get; }

    protected string UserId { get; } = Guid.NewGuid().ToString();

    /// <summary>The live stream the gallery listens to; tests push the events the worker wrote.</summary>
    protected TestLiveEvents Live { get; } = new();

    /// <summary>What pages get as their live stream: <see cref="Live"/>, or in a test over the log, the live feed.</summary>
    protected virtual Portal.Engine.Messaging.Live.ILiveEvents LiveStream => Live;

    protected ImageTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Store = new FaultyObjectStore(new FileSystemObjectStore(ObjectsRoot));
        Services.AddMudServices();
        Services.AddSingleton(new Portal.Engine.ApiKeys.ApiKeyCache());
        Services.AddScoped<Portal.Engine.ApiKeys.ApiKeyService>();
        Services.AddSingleton(new Portal.Features.Images.ImageUrlSigner(Microsoft.Extensions.Options.Options.Create(new Portal.Features.Images.ImageHandlerOptions())));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ObjectStore:RootDirectory"] = ObjectsRoot,
            ["Imaging:MaxInputBytes"] = MaxUploadBytes.ToString(),
        }).Build();
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(Database));
        Services.AddSingleton(TimeProvider.System);
        Services.AddObjectStore(configuration, _root.FullName);
        Services.AddSingleton<IObjectStore>(Store);
        Services.AddImaging(configuration);
        Services.AddScoped<ImageLibrary>();
        Services.AddSingleton<Portal.Engine.Models.Consent.ImageTrainingConsents>();
        // Predictions on the gallery and the image page: the tags as stored, similar images by real ResNet18 embeddings.
        Services.AddSingleton<Portal.Engine.Models.Embeddings.IImageEmbedder>(Portal.Tests.Engine.Models.Predictions.SharedEmbedder.View);
        Services.AddSingleton<Portal.Engine.Models.Embeddings.ImageEmbeddings>();
        Services.AddSingleton<Portal.Engine.Models.Embeddings.IImageEmbeddings>(sp => sp.GetRequiredService<Portal.Engine.Models.Embeddings.ImageEmbeddings>());
        Services.AddSingleton<Portal.Engine.Models.Predictions.ImageTagReader>();
        Services.AddSingleton<Portal.Engine.Models.Predictions.SimilarImageFinder>();
        Services.AddSingleton(_ => LiveStream); // resolved when a page first listens
        var auth = AddAuthorization();
        auth.SetAuthorized("cleo@example.com");
        auth.SetRoles("Customer");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected ImageLibrary Library => Services.GetRequiredService<ImageLibrary>();

    private string ObjectsRoot => Path.Combine(_root.FullName, "objects");

    /// <summary>The signed-in customer's own objects.</summary>
    protected CustomerImageSpace Space => Services.GetRequiredService<CustomerImageSpaces>().For(UserId);

    protected static byte[] Jpeg(int width = 64, int height = 48) => TestImages.Jpeg(TestImages.Photo(width, height));

    protected async Task<ImageAsset> UploadedAsync(int width = 64, int height = 48, string name = "photo.jpg", string? owner = null)
    {
        if (owner is not null) await AccountAsync(owner);
        var result = await Library.UploadAsync(owner ?? UserId, name, new MemoryStream(Jpeg(width, height)));
        Assert.True(result.Succeeded, result.Error);
        return result.Image!;
    }

    protected async Task<List<ImageAsset>> StoredImagesAsync()
    {
        await using var db = Database.NewContext();
        return await db.Images.AsNoTracking().Include(i => i.Renditions).Where(i => i.OwnerUserId == UserId).ToListAsync();
    }

    /// <summary>Renders a page inside the popover/dialog/snackbar providers.</summary>
    protected IRenderedComponent<ImagePageHost> RenderPage<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : IComponent =>
        Render<ImagePageHost>(host => host.AddChildContent<TPage>(parameters ?? (_ => { })));

    protected static string Text(IRenderedComponent<ImagePageHost> page, string testId) =>
        page.Find($"[data-testid='{testId}']").TextContent.Trim();

    /// <summary>A sign-in account (images belong to one).</summary>
    protected async Task AccountAsync(string id)
    {
        await using var db = Database.NewContext();
        db.Users.Add(new PortalUser { Id = id, UserName = $"{id}@example.com", Email = $"{id}@example.com", DisplayName = "Cleo Customer" });
        await db.SaveChangesAsync();
    }

    public async Task InitializeAsync()
    {
        await Database.MigrateAsync();
        await AccountAsync(UserId);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        try { _root.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
