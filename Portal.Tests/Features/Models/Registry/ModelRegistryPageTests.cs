using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Identity;
using Portal.Engine.Models;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Serving;
using Portal.Engine.Storage;
using Portal.Features.Models.Registry;
using Portal.Tests.Engine.Models.Registry;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Models.Registry;

/// <summary>The registry page over a real SQLite database: versions with metrics, deploy with the name checked at the field, rollback.</summary>
public sealed class ModelRegistryPageTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check
    private readonly string _objects = Directory.CreateTempSubdirectory("portal-registry-page-").FullName;

    private SqliteTestDatabase Database { get; } = new();

    public ModelRegistryPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        var registry = new ModelRegistry(new TestDbContextFactory(Database), TimeProvider.System);
        Services.AddSingleton(registry);
        Services.AddSingleton<IModelRegistry>(registry);
        Services.AddSingleton(Options.Create(new ModelsOptions()));
        Services.AddSingleton<IEndpointPredictor>(new EndpointPredictor(new TestDbContextFactory(Database), new FileSystemObjectStore(_objects),
            Options.Create(new ModelsOptions()), TimeProvider.System, NullLogger<EndpointPredictor>.Instance));
        var auth = AddAuthorization();
        auth.SetAuthorized("analyst@portal.local");
        auth.SetRoles(Roles.Analyst);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        try { Directory.Delete(_objects, recursive: true); } catch (IOException) { }
    }

    private IRenderedComponent<PageHost> RenderPage<TPage>() where TPage : IComponent => Render<PageHost>(host => host.AddChildContent<TPage>());

    private static string FieldError<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.Find($"[data-testid='{testId}']").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";

    private Task<ModelVersion> VersionAsync() => TrainedModels.AddVersionAsync(Database.NewContext, new FileSystemObjectStore(_objects), storeFile: false);

    [Fact]
    public async Task Versions_show_their_metrics_and_deploy_checks_the_endpoint_name_at_the_field_then_rollback_brings_the_old_version_back()
    {
        var v1 = await VersionAsync();
        var v2 = await VersionAsync();
        var page = RenderPage<ModelRegistryPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=registry-version]").Count), Patience);
        Assert.Contains("91 %", page.FindAll("[data-testid=registry-accuracy]")[1].TextContent); // v1: 0.91
        Assert.NotNull(page.Find("[data-testid=registry-no-endpoints]"));

        page.FindAll("button[data-testid=registry-deploy]")[1].Click(); // v1 (newest first)
        page.WaitForElement("[data-testid=deploy-dialog]", Patience);
        page.Find("input[data-testid=deploy-endpoint]").Input("bad--name");
        page.WaitForAssertion(() => Assert.StartsWith("Not an endpoint name", FieldError(page, "deploy-endpoint")), Patience);
        Assert.True(page.Find("button[data-testid=deploy-submit]").HasAttribute("disabled"));

        page.Find("input[data-testid=deploy-endpoint]").Input("staging");
        page.WaitForAssertion(() => Assert.False(page.Find("button[data-testid=deploy-submit]").HasAttribute("disabled")), Patience);
        page.Find("button[data-testid=deploy-submit]").Click();
        page.WaitForAssertion(() => Assert.Equal("product-category v1", page.Find("[data-testid=registry-endpoint-version]").TextContent.Trim()), Patience);

        page.FindAll("button[data-testid=registry-deploy]")[0].Click(); // v2 to the same endpoint
        page.WaitForElement("[data-testid=deploy-dialog]", Patience);
        page.Find("input[data-testid=deploy-endpoint]").Input("staging");
        page.WaitForAssertion(() => Assert.False(page.Find("button[data-testid=deploy-submit]").HasAttribute("disabled")), Patience);
        page.Find("button[data-testid=deploy-submit]").Click();
        page.WaitForAssertion(() => Assert.Equal("product-category v2", page.Find("[data-testid=registry-endpoint-version]").TextContent.Trim()), Patience);

        page.Find("button[data-testid=registry-rollback]").Click();
        page.WaitForAssertion(() => Assert.Contains("serve product-category v1 again", page.Find(".mud-dialog").TextContent), Patience);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Roll back").Click();
        page.WaitForAssertion(() => Assert.Equal("product-category v1", page.Find("[data-testid=registry-endpoint-version]").TextContent.Trim()), Patience);
        Assert.Equal(v1.Id, (await Services.GetRequiredService<IModelRegistry>().FindEndpointAsync("staging"))!.ModelVersionId);
    }
}
