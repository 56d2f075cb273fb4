using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Portal.Engine.Catalog;
using Portal.Tests.Engine.Imaging;

namespace Portal.Tests.Features.Catalog;

/// <summary>Product photos on the catalog grid: a thumbnail per row, and the photo dialog that uploads, replaces and removes.</summary>
public sealed class CatalogPhotoGridTests : CatalogTestContext
{
    private static byte[] Jpeg(int width = 120, int height = 80)
    {
        using var bitmap = TestImages.Photo(width, height);
        return TestImages.Jpeg(bitmap);
    }

    [Fact]
    public async Task Each_row_shows_its_photo_thumbnail_from_the_public_image_handler_or_an_add_photo_icon()
    {
        var withPhoto = Item("PRT-1", "Poster", "Prints", 10m);
        withPhoto.PhotoKey = "products/1-0123456789abcdef0123456789abcdef.jpg";
        await SeedAsync(withPhoto, Item("PRT-2", "Canvas", "Prints", 20m));

        var page = RenderCatalog("PRT-1");

        var thumbnail = page.Find("[data-testid=thumbnail-PRT-1]");
        Assert.Equal("/catalog-img/fit-in/48x48/products/1-0123456789abcdef0123456789abcdef.jpg", thumbnail.GetAttribute("src"));
        Assert.Equal("Poster", thumbnail.GetAttribute("alt"));
        Assert.Equal("lazy", thumbnail.GetAttribute("loading"));
        Assert.Empty(page.FindAll("[data-testid=thumbnail-PRT-2]"));
        Assert.Single(page.FindAll("[data-testid=no-photo-PRT-2]"));
    }

    [Fact]
    public async Task Uploading_in_the_photo_dialog_stores_the_photo_and_the_row_shows_it_then_remove_takes_it_away()
    {
        await SeedAsync(Item("PRT-1", "Poster", "Prints", 10m));
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=photo-PRT-1]").Click();
        page.WaitForElement("[data-testid=photo-dialog]", Patience);
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Jpeg(), "poster.jpg", contentType: "image/jpeg"));
        page.WaitForElement("[data-testid=photo-remove]", Patience);

        var stored = await StoredAsync("PRT-1");
        Assert.Matches($"^products/{stored.Id}-[0-9a-f]{{32}}\\.jpg$", stored.PhotoKey);
        Assert.True(await PhotoSpaces.For(CatalogPhotos.Space).ExistsAsync(stored.PhotoKey!));
        Assert.Equal($"/catalog-img/fit-in/300x300/{stored.PhotoKey}", page.Find("[data-testid=photo-dialog-current]").GetAttribute("src"));

        page.Find("[data-testid=photo-close]").Click();
        page.WaitForAssertion(() => Assert.Equal($"/catalog-img/fit-in/48x48/{stored.PhotoKey}",
            page.Find("[data-testid=thumbnail-PRT-1]").GetAttribute("src")), Patience);

        page.Find("[data-testid=photo-PRT-1]").Click();
        page.WaitForElement("[data-testid=photo-remove]", Patience).Click();
        page.WaitForElement("[data-testid=photo-dialog-current-none]", Patience);
        Assert.Null((await StoredAsync("PRT-1")).PhotoKey);
        Assert.False(await PhotoSpaces.For(CatalogPhotos.Space).ExistsAsync(stored.PhotoKey!));
    }

    [Fact]
    public async Task A_refused_file_shows_why_at_the_field_and_nothing_changes()
    {
        await SeedAsync(Item("PRT-1", "Poster", "Prints", 10m));
        var page = RenderCatalog("PRT-1");

        page.Find("[data-testid=photo-PRT-1]").Click();
        page.WaitForElement("[data-testid=photo-dialog]", Patience);
        var svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(svg, "logo.svg", contentType: "image/svg+xml"));

        var error = page.WaitForElement("[data-testid=photo-error]", Patience);
        Assert.Contains("SVG", error.TextContent);
        Assert.Empty(page.FindAll("[data-testid=photo-remove]"));
        var stored = await StoredAsync("PRT-1");
        Assert.Equal((null, 0L), (stored.PhotoKey, stored.Version));
    }
}
