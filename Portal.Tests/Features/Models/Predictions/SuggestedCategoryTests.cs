using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Portal.Engine.Models;
using Portal.Tests.Engine.Models.Predictions;
using Portal.Tests.Features.Catalog;

namespace Portal.Tests.Features.Models.Predictions;

/// <summary>
/// Sales' suggested category when a product photo is added: the photo embedded by ResNet18 and classified by a model trained
/// on reddish "Cameras" and bluish "Shoes" pictures, deployed on the tag endpoint.
/// </summary>
public sealed class SuggestedCategoryTests : CatalogTestContext
{
    private async Task DeployAsync()
    {
        var versionId = await Models.AddVersionAsync("product-category", ColourModels.Pictures("Cameras", "Shoes"));
        await Models.DeployAsync(new ModelsOptions().TagEndpoint, versionId);
    }

    private IRenderedComponent<CatalogPageHost> UploadPhoto(string sku, byte[] photo)
    {
        var page = RenderCatalog(sku);
        page.Find($"[data-testid=photo-{sku}]").Click();
        page.WaitForElement("[data-testid=photo-dialog]", Patience);
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(photo, "photo.jpg", contentType: "image/jpeg"));
        page.WaitForElement("[data-testid=photo-remove]", Patience);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=category-suggestion-asking]")), Patience);
        return page;
    }

    [Fact]
    public async Task A_new_photo_gets_the_models_category_and_Use_it_sets_it_on_the_item()
    {
        await DeployAsync();
        await SeedAsync(Item("CAM-1", "Compact camera", "Shoes", 199m));

        var page = UploadPhoto("CAM-1", ColourPictures.Red(8));

        var text = page.WaitForElement("[data-testid=category-suggestion-text]", Patience).TextContent;
        Assert.Matches(@"^\s*Suggested category: Cameras \(\d{1,3}%\)\s*$", text);
        page.Find("[data-testid=category-suggestion-use]").Click();

        page.WaitForAssertion(() => Assert.Equal("Category set to Cameras.", page.Find("[data-testid=category-suggestion-used]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("[data-testid=category-suggestion]"));
        var stored = await StoredAsync("CAM-1");
        Assert.Equal("Cameras", stored.Category);
        Assert.NotNull(stored.PhotoKey);
    }

    [Fact]
    public async Task Nothing_is_suggested_when_no_model_is_deployed()
    {
        await SeedAsync(Item("SHO-1", "Sneaker", "Shoes", 59m));

        var page = UploadPhoto("SHO-1", ColourPictures.Red(8));

        Assert.Empty(page.FindAll("[data-testid=category-suggestion]"));
        Assert.Empty(page.FindAll("[data-testid=photo-error]"));
    }

    [Fact]
    public async Task Nothing_is_suggested_when_the_model_agrees_with_the_category()
    {
        await DeployAsync();
        await SeedAsync(Item("SHO-2", "Boot", "Shoes", 89m));

        var page = UploadPhoto("SHO-2", ColourPictures.Blue(8));

        Assert.Empty(page.FindAll("[data-testid=category-suggestion]"));
        Assert.Equal("Shoes", (await StoredAsync("SHO-2")).Category);
    }
}
