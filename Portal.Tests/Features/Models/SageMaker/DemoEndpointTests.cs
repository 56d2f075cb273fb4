using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Serving;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Models.SageMaker;

/// <summary>
/// A fresh demo app: once its photos are composed, the start-up job embeds them, builds the product-categories dataset,
/// trains the default trainer and deploys it to <c>product-category</c>, which then answers for a product photo.
/// </summary>
public sealed class DemoEndpointTests
{
    [Fact]
    public async Task A_fresh_demo_app_deploys_a_product_category_model_at_start_up_that_answers_for_its_photos()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Demo:Items"] = "60", ["Demo:Photos"] = "true", ["Models:DeployDemoAtStartup"] = "true",
        });
        _ = factory.Services; // starts the host and its background services
        var deployment = factory.Services.GetRequiredService<DemoEndpointDeployment>();
        await deployment.Completion.WaitAsync(TimeSpan.FromMinutes(8));

        var endpoint = await factory.Services.GetRequiredService<IModelRegistry>().FindEndpointAsync("product-category");
        Assert.NotNull(endpoint);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var version = await db.ModelVersions.SingleAsync(v => v.Id == endpoint!.ModelVersionId);
        Assert.Equal(("product-category", 1, DemoEndpointDeployment.Trainer), (version.ModelName, version.Version, version.Trainer));
        var labels = JsonSerializer.Deserialize<string[]>(version.LabelsJson)!;
        Assert.True(labels.Length >= 2, version.LabelsJson);
        // Clearly better than chance on the held-out demo photos: measured 1.000 accuracy and macro F1 over the six demo
        // categories (chance 0.167) with 60 items, seed 42; the margin allows another platform's float rounding.
        Assert.True(version.Accuracy >= 0.8, $"accuracy {version.Accuracy} (chance {1.0 / labels.Length:0.000})");
        Assert.True(version.MacroF1 >= 0.75, $"macro F1 {version.MacroF1}");

        var photo = await db.ImageEmbeddings.Where(e => e.Source == ImageSource.Product).OrderBy(e => e.Id).FirstAsync();
        var prediction = await factory.Services.GetRequiredService<IEndpointPredictor>()
            .PredictAsync("product-category", EmbeddingVectors.Unpack(photo.Vector), 3);
        Assert.Equal(version.Id, prediction.ModelVersionId);
        Assert.Contains(prediction.Labels[0].Label, labels);
        Assert.Equal(prediction.Labels.Select(l => l.Probability).OrderDescending(), prediction.Labels.Select(l => l.Probability));

        // A second start finds the endpoint and trains nothing more.
        Assert.Equal(endpoint!.Revision, (await deployment.DeployAsync(CancellationToken.None))!.Revision);
        Assert.Equal(1, await db.ModelVersions.CountAsync());
    }
}
