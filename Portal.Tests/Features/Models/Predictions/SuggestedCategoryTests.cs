using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Models;
using Portal.Tests.Engine.Models.Predictions;
using Portal.Tests.Features.Catalog;

namespace Portal.Tests.Features.Models.Predictions;

/// <summary>
/// Sales' suggested category for an item's photo (one just added, or the one it has when the photo dialog opens): the photo embedded by ResNet18 and classified by a model trained
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

    /// <summary>An item whose photo is already stored (as the catalog stores one).</summary>
    private async Task SeedWithPhotoAsync(CatalogItem item, byte[] photo)
    {
        await SeedAsync(item);
        var key = CatalogPhotos.NewKey(item.Id, "jpg");
        await PhotoSpaces.For(CatalogPhotos.Space).PutAsync(key, new MemoryStream(photo), "image/jpeg");
        await using var db = Database.NewContext();
        await db.CatalogItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.PhotoKey, key));
    }

    private static string OpenPhotoDialog(IRenderedComponent<CatalogPageHost> page, string sku)
    {
        page.Find($"[data-testid=photo-{sku}]").Click();
        page.WaitForElement("[data-testid=photo-dialog]", Patience);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=category-suggestion-asking]")), Patience);
        return page.WaitForElement("[data-testid=category-suggestion-text]", Patience).TextContent;
    }

    [Fact]
    public async Task An_existing_photo_gets_a_suggestion_when_its_dialog_opens_and_the_next_opening_follows_a_newly_deployed_version()
    {
        await DeployAsync(); // v1: reddish is Cameras
        await SeedWithPhotoAsync(Item("LEN-1", "Zoom lens", "Shoes", 299m), ColourPictures.Red(9));
        var page = RenderCatalog("LEN-1");

        Assert.Matches(@"^\s*Suggested category: Cameras \(\d{1,3}%\)\s*$", OpenPhotoDialog(page, "LEN-1"));
        page.Find("[data-testid=photo-close]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=photo-dialog]")), Patience);

        var v2 = await Models.AddVersionAsync("product-category", ColourModels.Pictures("Lenses", "Shoes")); // v2: reddish is Lenses
        await Models.DeployAsync(new ModelsOptions().TagEndpoint, v2);

        Assert.Matches(@"^\s*Suggested category: Lenses \(\d{1,3}%\)\s*$", OpenPhotoDialog(page, "LEN-1"));
        Assert.Equal("Shoes", (await StoredAsync("LEN-1")).Category); // a suggestion changes nothing until "Use it"
    }
}
