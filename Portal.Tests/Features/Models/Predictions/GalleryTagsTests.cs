using Bunit;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Tests.Engine.Models.Predictions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Images;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Predictions;
using Portal.Features.Images;
using Portal.Tests.Features.Images;

namespace Portal.Tests.Features.Models.Predictions;

/// <summary>The gallery's auto-tag chips and its search by file name or tag, over tags as the tagger stores them.</summary>
public sealed class GalleryTagsTests : ImageTestContext
{
    private async Task TagAsync(ImageAsset image, params (string Label, float Probability)[] tags)
    {
        await using var db = Database.NewContext();
        db.ImageTags.AddRange(tags.Select(t => new ImageTag
        {
            ImageId = image.Id, Label = t.Label, Probability = t.Probability, Endpoint = "product-category", CreatedAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
    }

    private static string[] Names(IRenderedComponent<ImagePageHost> page) =>
        page.FindAll("[data-testid=image-name]").Select(e => e.TextContent.Trim()).Order(StringComparer.Ordinal).ToArray();

    private static AngleSharp.Dom.IElement SearchBox(IRenderedComponent<ImagePageHost> page)
    {
        var element = page.Find("[data-testid=images-search]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static void Search(IRenderedComponent<ImagePageHost> page, string text) => SearchBox(page).Input(text);

    [Fact]
    public async Task Each_card_shows_its_tags_best_first_and_untagged_cards_show_none()
    {
        var camera = await UploadedAsync(name: "IMG_0001.jpg");
        await UploadedAsync(name: "IMG_0002.jpg");
        await TagAsync(camera, ("Lenses", 0.3f), ("Cameras", 0.87f));
        await UploadedAsync(name: "theirs.jpg", owner: Guid.NewGuid().ToString());

        var page = RenderPage<ImagesHome>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=image-card]").Count), Patience);
        var card = page.Find($"[data-testid=image-card][data-image-id='{camera.Id}']");
        var chips = card.QuerySelectorAll("[data-testid=image-tag]");
        Assert.Equal(["Cameras", "Lenses"], chips.Select(c => c.TextContent.Trim()));
        Assert.Equal("BUTTON", chips[0].TagName); // reachable and pressable by keyboard
        Assert.Contains("87%", chips[0].GetAttribute("title"));
        Assert.Equal("Tags of IMG_0001.jpg", card.QuerySelector("[data-testid=image-tags]")!.GetAttribute("aria-label"));
        Assert.Single(page.FindAll("[data-testid=image-tags]"));
    }

    [Fact]
    public async Task The_search_finds_images_by_tag_or_file_name_and_says_when_none_match()
    {
        var camera = await UploadedAsync(name: "IMG_0001.jpg");
        var shoe = await UploadedAsync(name: "IMG_0002.jpg");
        await UploadedAsync(name: "holiday-camera.jpg");
        await TagAsync(camera, ("Cameras", 0.9f));
        await TagAsync(shoe, ("Shoes", 0.8f));
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=image-card]").Count), Patience);

        Search(page, "CAMERA");
        page.WaitForAssertion(() => Assert.Equal(["IMG_0001.jpg", "holiday-camera.jpg"], Names(page)), Patience);
        Assert.Equal("2 of 3 images", Text(page, "images-count"));

        Search(page, "shoes");
        page.WaitForAssertion(() => Assert.Equal(["IMG_0002.jpg"], Names(page)), Patience);

        Search(page, "bicycles");
        page.WaitForAssertion(() => Assert.Equal("No images match \"bicycles\".", Text(page, "images-no-match")), Patience);
        Assert.Empty(page.FindAll("[data-testid=image-card]"));

        Search(page, "");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=image-card]").Count), Patience);
        Assert.Empty(page.FindAll("[data-testid=images-no-match]"));
        Assert.Equal("3 images", Text(page, "images-count"));
    }

    [Fact]
    public async Task Pressing_a_tag_chip_searches_for_that_tag()
    {
        var camera = await UploadedAsync(name: "a.jpg");
        var other = await UploadedAsync(name: "b.jpg");
        await TagAsync(camera, ("Cameras", 0.9f));
        await TagAsync(other, ("Shoes", 0.9f));
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=image-tag]").Count), Patience);

        page.Find("[data-testid=image-tag][data-label=Shoes]").Click();

        page.WaitForAssertion(() => Assert.Equal(["b.jpg"], Names(page)), Patience);
        Assert.Equal("Shoes", SearchBox(page).GetAttribute("value"));
    }

    [Fact]
    public async Task After_a_new_version_is_deployed_the_re_tagger_gives_the_gallery_that_version_s_tags()
    {
        var modelsRoot = Directory.CreateTempSubdirectory("portal-gallery-models-").FullName;
        try
        {
            var models = new ColourModels(Database.NewContext, new Portal.Engine.Storage.FileSystemObjectStore(modelsRoot));
            var options = Microsoft.Extensions.Options.Options.Create(new Portal.Engine.Models.ModelsOptions());
            var factory = new Portal.Tests.Infrastructure.TestDbContextFactory(Database);
            var tagger = new ImageTagger(factory, models.Predictor, options, TimeProvider.System, NullLogger<ImageTagger>.Instance);
            var watcher = new TagRevisionWatcher(new ImageRetagger(factory, tagger, options, NullLogger<ImageRetagger>.Instance), tagger, options,
                TimeProvider.System, NullLogger<TagRevisionWatcher>.Instance);
            await models.DeployAsync(options.Value.TagEndpoint, await models.AddVersionAsync("product-category", ColourModels.Pictures("Cameras", "Shoes")));
            var upload = await Library.UploadAsync(UserId, "red.jpg", new MemoryStream(ColourPictures.Red(3)));
            var image = upload.Image!;
            var vector = await Services.GetRequiredService<IImageEmbeddings>()
                .EnsureAsync(new ImageRef(ImageSource.Customer, image.OriginalKey, image.Id, OwnerUserId: image.OwnerUserId));
            await tagger.TagAsync(image.Id, vector); // what the worker's tagging handler does for a processed image
            var page = RenderPage<ImagesHome>();
            page.WaitForAssertion(() => Assert.Equal(["Cameras"], page.FindAll("[data-testid=image-tag]").Take(1).Select(c => c.TextContent.Trim())), Patience);

            await models.DeployAsync(options.Value.TagEndpoint, await models.AddVersionAsync("product-category", ColourModels.Pictures("Lenses", "Shoes")));
            var sweep = await watcher.CheckAsync(); // what each instance does every Models:RetagPollInterval

            Assert.Equal(1, sweep!.Tagged);
            await DisposeComponentsAsync();
            var reloaded = RenderPage<ImagesHome>();
            reloaded.WaitForAssertion(() => Assert.Equal("Lenses", reloaded.FindAll("[data-testid=image-tag]")[0].TextContent.Trim()), Patience);
            Assert.DoesNotContain("Cameras", reloaded.FindAll("[data-testid=image-tag]").Select(c => c.TextContent.Trim()));
        }
        finally
        {
            try { Directory.Delete(modelsRoot, recursive: true); } catch (IOException) { }
        }
    }
}
