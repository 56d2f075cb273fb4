using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Models;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Serving;
using Portal.Features.Models.Registry;
using Portal.Tests.Engine.Models.Registry;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Models.Registry;

/// <summary>The registry page over a real SQLite database: versions with metrics, deploy with the name checked at the field, rollback.</summary>
public sealed class ModelRegistryPageTests : ModelsPagesContext
{
    public ModelRegistryPageTests()
    {
        var registry = new ModelRegistry(new TestDbContextFactory(Database), TimeProvider.System, Embedder);
        Services.AddSingleton(registry);
        Services.AddSingleton<IModelRegistry>(registry);
        Services.AddSingleton<IEndpointPredictor>(new EndpointPredictor(new TestDbContextFactory(Database), Store,
            Options.Create(new ModelsOptions()), TimeProvider.System, NullLogger<EndpointPredictor>.Instance, Embedder));
    }

    private Task<ModelVersion> VersionAsync(string embeddingModel = TrainedModels.EmbeddingModel) =>
        TrainedModels.AddVersionAsync(Database.NewContext, Store, storeFile: false, embeddingModel: embeddingModel);

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

    [Fact]
    public async Task Deploying_a_version_trained_on_another_embedding_model_is_refused_with_the_reason_and_nothing_is_deployed()
    {
        await VersionAsync(embeddingModel: "clip-vit-b32-v1");
        var page = RenderPage<ModelRegistryPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=registry-version]")), Patience);

        page.Find("button[data-testid=registry-deploy]").Click();
        page.WaitForElement("[data-testid=deploy-dialog]", Patience);
        page.Find("input[data-testid=deploy-endpoint]").Input("staging");
        page.WaitForAssertion(() => Assert.False(page.Find("button[data-testid=deploy-submit]").HasAttribute("disabled")), Patience);
        page.Find("button[data-testid=deploy-submit]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("product-category version 1 was trained on clip-vit-b32-v1 embeddings, but this portal embeds images with resnet18-v1",
            page.Find("[data-testid=deploy-refused]").TextContent.Trim()), Patience);
        Assert.Equal("", FieldError(page, "deploy-endpoint"));
        Assert.Null(await Services.GetRequiredService<IModelRegistry>().FindEndpointAsync("staging"));
    }
}
