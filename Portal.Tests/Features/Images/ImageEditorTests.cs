using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Images;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using Portal.Features.Images;

namespace Portal.Tests.Features.Images;

public sealed class ImageEditorTests : ImageEditorTestContext
{
    [Fact]
    public async Task The_editor_shows_a_live_preview_of_the_original_with_its_output_size()
    {
        var image = await UploadedAsync(200, 100, "wide.jpg");

        var page = RenderReady(image);

        Assert.Equal("wide.jpg", Text(page, "editor-title"));
        WaitForPreview(page, "200 × 100 px");
        Assert.Matches(@"^\d+(\.\d+)? (B|KB|MB)$", Text(page, "preview-bytes"));
        Assert.Matches(@"^\d+ ms$", Text(page, "preview-time"));
        Assert.StartsWith("data:image/jpeg;base64,", page.Find("[data-testid=preview-image]").GetAttribute("src"));
        Assert.Equal($"/img/{image.OriginalKey}?download", page.Find("[data-testid=original-download]").GetAttribute("href"));
        Assert.Equal("exact", page.Find("[data-testid=preview-bytes]").GetAttribute("data-state"));
        Assert.Empty(page.FindAll("[data-testid=preview-scaled]"));
    }

    [Fact]
    public async Task A_large_photo_is_previewed_at_the_capped_size_while_the_output_size_and_bytes_are_the_real_ones()
    {
        var image = await UploadedAsync(2400, 1600, "large.jpg");
        var page = RenderReady(image);

        WaitForPreview(page, "2400 × 1600 px");
        var src = page.Find("[data-testid=preview-image]").GetAttribute("src")!;
        Assert.StartsWith("data:image/jpeg;base64,", src);
        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 1200, 800), ImageHeader.Read(Convert.FromBase64String(src[(src.IndexOf(',') + 1)..])));
        Assert.Contains("1200 × 800 px", Text(page, "preview-scaled"));

        var output = await Library.RenderAsync(UserId, new ImageRequest(null, image.OriginalKey, ImageEdits.None, null, Quality: 80));
        Assert.Equal((2400, 1600), (output.Width, output.Height));
        page.WaitForAssertion(() =>
        {
            var bytes = page.Find("[data-testid=preview-bytes]");
            Assert.Equal("exact", bytes.GetAttribute("data-state"));
            Assert.Equal(ImageView.Bytes(output.Content.LongLength), bytes.TextContent.Trim());
        }, Patience);

        page.Find("[data-testid=save-rendition]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=rendition-row]"), Patience);
        var stored = Assert.Single(Assert.Single(await StoredImagesAsync()).Renditions);
        Assert.Equal(output.Content.LongLength, stored.SizeBytes);
        await using var saved = await Space.GetAsync(stored.Key);
        using var content = new MemoryStream();
        await saved!.Content.CopyToAsync(content);
        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 2400, 1600), ImageHeader.Read(content.ToArray()));
    }

    [Fact]
    public async Task Changing_the_resize_updates_the_preview_dimensions()
    {
        var image = await UploadedAsync(200, 100);
        var page = RenderReady(image);

        Type(page, "resize-width", "50");

        WaitForPreview(page, "50 × 25 px");
    }

    [Fact]
    public async Task Quick_changes_end_with_the_preview_of_the_last_one()
    {
        var image = await UploadedAsync(200, 100);
        var page = RenderReady(image);

        foreach (var width in new[] { "20", "40", "60", "120" }) Type(page, "resize-width", width);

        WaitForPreview(page, "120 × 60 px");
        await Task.Delay(PreviewDelay * 4);
        WaitForPreview(page, "120 × 60 px");
    }

    [Fact]
    public async Task Grayscale_and_format_change_the_preview_output()
    {
        var image = await UploadedAsync(200, 100);
        var page = RenderReady(image);
        var before = page.Find("[data-testid=preview-image]").GetAttribute("src");

        Toggle(page, "grayscale");

        page.WaitForAssertion(() => Assert.NotEqual(before, page.Find("[data-testid=preview-image]").GetAttribute("src")), Patience);
        WaitForPreview(page, "200 × 100 px");

        page.Find("[data-testid=format-png]").Click();
        page.WaitForAssertion(() => Assert.Equal("png", Text(page, "preview-format")), Patience);
        Assert.StartsWith("data:image/png;base64,", page.Find("[data-testid=preview-image]").GetAttribute("src"));
    }

    [Fact]
    public async Task Rotating_by_90_degrees_swaps_the_preview_dimensions()
    {
        var image = await UploadedAsync(200, 100);
        var page = RenderReady(image);

        page.Find("[data-testid=rotate-90]").Click();

        WaitForPreview(page, "100 × 200 px");
    }

    [Fact]
    public async Task A_crop_outside_the_image_shows_the_engines_message_at_the_crop_and_preview()
    {
        var image = await UploadedAsync(64, 48);
        var page = RenderReady(image);

        Toggle(page, "crop-enabled");
        page.WaitForAssertion(() => page.Find("[data-testid=crop-width]"), Patience);
        Type(page, "crop-left", "10");
        Type(page, "crop-width", "500");
        Type(page, "crop-height", "20");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("exceeds the boundaries of the original image", Text(page, "preview-error"));
            Assert.Contains("exceeds the boundaries of the original image", Text(page, "crop-error"));
        }, Patience);

        Type(page, "crop-width", "30");
        WaitForPreview(page, "30 × 20 px");
        Assert.Empty(page.FindAll("[data-testid=preview-error]"));
        Assert.Empty(page.FindAll("[data-testid=crop-error]"));
    }

    [Fact]
    public async Task Values_the_engine_would_refuse_are_shown_at_their_control_and_block_saving()
    {
        var image = await UploadedAsync();
        var page = RenderReady(image);

        Type(page, "tint", "not-a-colour");

        page.WaitForAssertion(() => Assert.Contains("Not a colour", page.Find("[data-testid=tint]").Closest(".mud-input-control")!.TextContent), Patience);
        Assert.True(page.Find("[data-testid=save-rendition]").HasAttribute("disabled"));
        Assert.NotNull(page.Find("[data-testid=preview-error]"));
    }

    [Fact]
    public async Task Saving_a_rendition_lists_it_with_a_download_link()
    {
        var image = await UploadedAsync(200, 100, "beach.jpg");
        var page = RenderReady(image);
        Assert.NotNull(page.Find("[data-testid=renditions-empty]"));
        Type(page, "resize-width", "80");
        WaitForPreview(page, "80 × 40 px");

        page.Find("[data-testid=save-rendition]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=rendition-row]"), Patience);
        var stored = Assert.Single(Assert.Single(await StoredImagesAsync()).Renditions);
        Assert.Contains("\"Width\":80", stored.EditsJson);
        var row = page.Find("[data-testid=rendition-row]");
        Assert.Contains(ImageView.Bytes(stored.SizeBytes), row.QuerySelector("[data-testid=rendition-info]")!.TextContent);
        // Described in words, not as the stored JSON.
        Assert.Equal("80 px wide, JPEG quality 80", row.QuerySelector("[data-testid=rendition-edits]")!.TextContent.Trim());
        var download = row.QuerySelector("[data-testid=rendition-download]")!;
        Assert.Equal($"/img/{stored.Key}?download", download.GetAttribute("href"));
        Assert.Equal("beach-edited.jpg", download.GetAttribute("download"));
        Assert.Empty(page.FindAll("[data-testid=renditions-empty]"));
    }

    [Fact]
    public async Task Deleting_from_the_editor_removes_the_image_and_goes_back_to_the_gallery()
    {
        var image = await UploadedAsync();
        await Library.SaveRenditionAsync(UserId, image.Id, new() { Grayscale = true }, null, null);
        var page = RenderReady(image);

        page.Find("[data-testid=editor-delete]").Click();
        page.WaitForElement("[data-testid=editor-delete-confirm]", Patience).Click();

        page.WaitForAssertion(() => Assert.EndsWith("/images", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri), Patience);
        Assert.Empty(await StoredImagesAsync());
    }

    [Fact]
    public async Task A_delete_the_store_refuses_is_reported_and_the_editor_stays_on_the_image()
    {
        var image = await UploadedAsync();
        var page = RenderReady(image);
        Store.FailDeletes = true;

        page.Find("[data-testid=editor-delete]").Click();
        page.WaitForElement("[data-testid=editor-delete-confirm]", Patience).Click();

        page.WaitForAssertion(() => Assert.Contains("The image was not deleted: the store is unavailable", page.Find(".mud-snackbar").TextContent), Patience);
        Assert.False(Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri.EndsWith("/images"));
        Assert.NotNull(page.Find("[data-testid=editor-delete]"));
        Assert.Single(await StoredImagesAsync());
        Assert.NotNull(await Space.GetAsync(image.OriginalKey));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Another_users_image_or_an_unknown_id_is_not_found(bool someoneElses)
    {
        var theirs = await UploadedAsync(owner: Guid.NewGuid().ToString());

        var page = RenderEditor(someoneElses ? theirs.Id : Guid.NewGuid());

        page.WaitForAssertion(() => Assert.Contains("not found", Text(page, "image-not-found")), Patience);
        Assert.Empty(page.FindAll("[data-testid=editor-controls]"));
        Assert.Empty(page.FindAll("[data-testid=preview-image]"));
    }
}
