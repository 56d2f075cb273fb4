using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Images;
using Portal.Engine.Models.Embeddings;
using Portal.Features.Images;
using Portal.Tests.Engine.Models.Predictions;
using Portal.Tests.Features.Images;

namespace Portal.Tests.Features.Models.Predictions;

/// <summary>"Similar images" on the image page: the owner's own images nearest by real ResNet18 embeddings.</summary>
public sealed class SimilarImagesTests : ImageEditorTestContext
{
    private async Task<ImageAsset> EmbeddedAsync(byte[] picture, string name, string? owner = null)
    {
        if (owner is not null) await AccountAsync(owner);
        var result = await Library.UploadAsync(owner ?? UserId, name, new MemoryStream(picture));
        Assert.True(result.Succeeded, result.Error);
        var image = result.Image!;
        await Services.GetRequiredService<IImageEmbeddings>()
            .EnsureAsync(new ImageRef(ImageSource.Customer, image.OriginalKey, image.Id, OwnerUserId: image.OwnerUserId));
        return image;
    }

    [Fact]
    public async Task The_nearest_of_the_owners_own_images_are_listed_best_first_and_link_to_their_pages()
    {
        var poppy = await EmbeddedAsync(ColourPictures.Red(1), "poppy.jpg");
        var rose = await EmbeddedAsync(ColourPictures.Red(2), "rose.jpg");
        var sea = await EmbeddedAsync(ColourPictures.Blue(3), "sea.jpg");
        await EmbeddedAsync(ColourPictures.Red(3), "someone-elses.jpg", owner: Guid.NewGuid().ToString());

        var page = RenderEditor(poppy.Id);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=similar-image]").Count), Patience);
        var links = page.FindAll("[data-testid=similar-image]");
        Assert.Equal([rose.Id.ToString(), sea.Id.ToString()], links.Select(l => l.GetAttribute("data-image-id")));
        Assert.Equal($"/images/{rose.Id}", links[0].GetAttribute("href"));
        Assert.Equal("rose.jpg", links[0].QuerySelector("img")!.GetAttribute("alt"));
        Assert.Equal($"/img/fit-in/240x240/{rose.OriginalKey}", links[0].QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public async Task A_lone_image_has_none_similar()
    {
        var lone = await EmbeddedAsync(ColourPictures.Red(1), "lone.jpg");
        await EmbeddedAsync(ColourPictures.Red(2), "someone-elses.jpg", owner: Guid.NewGuid().ToString());

        var page = RenderEditor(lone.Id);

        page.WaitForAssertion(() => Assert.Contains("None of your other images", Text(page, "similar-empty")), Patience);
        Assert.Empty(page.FindAll("[data-testid=similar-image]"));
    }

    [Fact]
    public async Task An_image_without_an_embedding_yet_says_so()
    {
        await EmbeddedAsync(ColourPictures.Red(1), "older.jpg");
        var fresh = await UploadedAsync(name: "fresh.jpg"); // the worker has not embedded it yet

        var page = RenderEditor(fresh.Id);

        page.WaitForAssertion(() => Assert.Contains("still being analysed", Text(page, "similar-pending")), Patience);
        Assert.Empty(page.FindAll("[data-testid=similar-image]"));
    }
}
