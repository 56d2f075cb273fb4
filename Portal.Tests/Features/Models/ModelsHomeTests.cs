using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Demo;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Training;
using Portal.Features.Models;
using Portal.Tests.Engine.Models.Predictions;

namespace Portal.Tests.Features.Models;

/// <summary>The models home: its three parts, the embedding coverage and "Embed missing images" with the backfill's progress.</summary>
public sealed class ModelsHomeTests : ModelsPagesContext
{
    private readonly GatedEmbedder _gate = new(SharedEmbedder.View);

    public ModelsHomeTests() => Services.AddSingleton<TrainingQueries>();

    protected override IImageEmbedder Embedder => _gate;

    private EmbeddingBackfillRuns Runs => Services.GetRequiredService<EmbeddingBackfillRuns>();

    /// <summary>Catalog items with a stored product photo each; <paramref name="broken"/> more whose "photo" is not an image.</summary>
    private async Task PhotosAsync(int good, int broken)
    {
        var space = Spaces.For(CatalogPhotos.Space);
        await using var db = Database.NewContext();
        for (var i = 0; i < good + broken; i++)
        {
            var item = new CatalogItem { Sku = $"P-{i}-{Guid.NewGuid():N}"[..20], Name = $"Item {i}", Category = "Home", Price = 5m };
            db.CatalogItems.Add(item);
            await db.SaveChangesAsync();
            item.PhotoKey = CatalogPhotos.NewKey(item.Id, "jpg");
            var bytes = i < good ? DemoPhotoComposer.ComposeJpeg("Home", "Cushion", i) : "not an image"u8.ToArray();
            await space.PutAsync(item.PhotoKey, new MemoryStream(bytes), "image/jpeg");
            await db.SaveChangesAsync();
        }
    }

    /// <summary>A page reload: the page goes (unsubscribing from the runs) and a new one renders on the same server.</summary>
    private async Task<IRenderedComponent<Portal.Tests.Features.Storefront.PageHost>> ReloadAsync()
    {
        await DisposeComponentsAsync();
        return RenderPage<ModelsHome>();
    }

    [Fact]
    public void The_models_home_links_the_three_parts_and_says_what_is_missing()
    {
        var page = RenderPage<ModelsHome>();

        page.WaitForElement("[data-testid=models-training]", Patience);
        Assert.Contains("No dataset version yet", page.Find("[data-testid=models-datasets]").TextContent);
        Assert.Contains("No training job yet", page.Find("[data-testid=models-training]").TextContent);
        Assert.Contains("No trained model yet", page.Find("[data-testid=models-registry]").TextContent);
        Assert.Equal("/models/training", page.Find("[data-testid=models-training-link]").GetAttribute("href"));
        page.WaitForAssertion(() => Assert.Equal("No stored images yet.", Text(page, "embedding-coverage")), Patience);
        Assert.Empty(page.FindAll("[data-testid=backfill-progress]"));
    }

    [Fact]
    public async Task Embed_missing_images_shows_its_progress_to_a_reloaded_page_and_how_it_ended_with_failures()
    {
        await PhotosAsync(good: 2, broken: 1);
        var page = RenderPage<ModelsHome>();
        page.WaitForAssertion(() => Assert.Equal("0 of 3 images have a resnet18-v1 embedding (3 missing).", Text(page, "embedding-coverage")), Patience);

        _gate.Close();
        page.Find("button[data-testid=backfill-start]").Click();

        page.WaitForAssertion(() => Assert.Matches(@"^Backfill running \(started by analyst@portal\.local at .+\): 0 / 3 done, 0 failed\.$",
            Text(page, "backfill-status")), Patience);
        Assert.True(page.Find("button[data-testid=backfill-start]").HasAttribute("disabled"));
        var reloaded = await ReloadAsync();
        reloaded.WaitForAssertion(() => Assert.Contains("0 / 3 done", Text(reloaded, "backfill-status")), Patience);
        Assert.True(reloaded.Find("button[data-testid=backfill-start]").HasAttribute("disabled"));

        _gate.Open();

        reloaded.WaitForAssertion(() => Assert.Matches(@"^Last backfill \(started by analyst@portal\.local\) ended at .+: 3 / 3 done, 1 failed\.$",
            Text(reloaded, "backfill-status")), Patience);
        reloaded.WaitForAssertion(() => Assert.Equal("2 of 3 images have a resnet18-v1 embedding (1 missing).", Text(reloaded, "embedding-coverage")), Patience);
        var later = await ReloadAsync();
        later.WaitForAssertion(() => Assert.Contains("ended at", Text(later, "backfill-status")), Patience);
        Assert.Contains("3 / 3 done, 1 failed", Text(later, "backfill-status"));
        Assert.False(later.Find("button[data-testid=backfill-start]").HasAttribute("disabled"));
        Assert.Empty(later.FindAll("[data-testid=backfill-refused]"));
    }

    [Fact]
    public async Task A_backfill_started_elsewhere_disables_the_button_and_a_start_meanwhile_is_refused_with_the_reason()
    {
        await PhotosAsync(good: 1, broken: 0);
        var page = RenderPage<ModelsHome>();
        page.WaitForAssertion(() => Assert.Contains("(1 missing)", Text(page, "embedding-coverage")), Patience);
        _gate.Close();

        var elsewhere = Runs.StartAsync(BackfillTrigger.Manual, "admin@portal.local"); // another tab, or the start-up run
        page.WaitForAssertion(() => Assert.StartsWith("Backfill running (started by admin@portal.local", Text(page, "backfill-status")), Patience);
        Assert.True(page.Find("button[data-testid=backfill-start]").HasAttribute("disabled"));
        // The run counts what is missing before the gate holds it; the refusal quotes that count.
        page.WaitForAssertion(() => Assert.Equal(1, Runs.Current?.Total), Patience);
        var refused = Assert.Throws<Portal.Engine.Models.ModelsException>(() => { _ = Runs.StartAsync(BackfillTrigger.Manual, AnalystName); });
        Assert.Equal("An embedding backfill is already running (started by admin@portal.local, 0 of 1 done); wait for it to finish.", refused.Message);

        _gate.Open();
        var ended = await elsewhere.WaitAsync(Patience);
        Assert.Equal((1, 1, 0, null), (ended.Done, ended.Total, ended.Failed, ended.Error));
        page.WaitForAssertion(() => Assert.Contains("1 of 1 images", Text(page, "embedding-coverage")), Patience);
    }

    protected override void OnDisposing() => _gate.Dispose();
}
