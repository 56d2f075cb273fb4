using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>A customer's own images: upload, gallery, the live-preview editor, renditions and deletion of renditions and images.</summary>
public sealed class ImageJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    private static readonly DemoUser Customer = DemoUser.ByRole["Customer"];

    [Fact]
    public async Task Customer_UploadsAnImage_EditsItWithLivePreview_AndSavesARendition()
    {
        var fileName = $"journey-{Guid.NewGuid():N}"[..16] + ".jpg";
        await Page.SignInToLandingAsync(Customer);
        await Page.OpenImagesAsync();

        await Page.ChooseImagesAsync(new FilePayload { Name = fileName, MimeType = "image/jpeg", Buffer = ImagePages.Jpeg(320, 200) });

        var row = Page.Locator($"[data-testid=upload-row][data-file='{fileName}']");
        await Expect(row).ToHaveAttributeAsync("data-state", "Done");
        var card = Page.ImageCard(fileName);
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.GetByTestId("image-details")).ToContainTextAsync("320 × 200 px");
        // Uploaded at once; the worker processes it and the page hears Ready live (through the log), without a reload.
        await Expect(card.GetByTestId("image-status")).ToHaveTextAsync("Ready", new() { Timeout = 30_000 });
        // The worker's WebP thumbnail (inside 320 px, never enlarged) really loads through the image handler.
        await Expect(card.GetByTestId("image-thumbnail")).ToHaveJSPropertyAsync("naturalWidth", 320);
        await Page.ScreenshotAsync("images-gallery");

        await card.GetByTestId("image-edit").ClickAsync();
        await Page.WaitForURLAsync(new Regex("/images/[0-9a-f-]{36}$"));
        await Page.WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("editor-title")).ToHaveTextAsync(fileName);
        var original = await Page.SettledPreviewAsync();
        Assert.StartsWith("320 × 200 px", original);

        await Page.GetByTestId("grayscale").CheckAsync();
        await Expect(Page.GetByTestId("preview-output")).Not.ToHaveTextAsync(original);
        var gray = await Page.SettledPreviewAsync();
        Assert.StartsWith("320 × 200 px", gray);

        await Page.GetByTestId("resize-width").FillAsync("160");
        await Expect(Page.GetByTestId("preview-dimensions")).ToHaveTextAsync("160 × 100 px");
        await Page.SettledPreviewAsync();
        await Page.ScreenshotAsync("image-editor-preview");

        await Page.GetByTestId("save-rendition").ClickAsync();
        var rendition = Page.GetByTestId("rendition-row");
        await Expect(rendition).ToHaveCountAsync(1);
        await Expect(rendition.GetByTestId("rendition-info")).ToContainTextAsync("image/jpeg");
        await Expect(rendition.GetByTestId("rendition-edits")).ToHaveTextAsync("160 px wide, grayscale, JPEG quality 80");
        var download = await Page.RunAndWaitForDownloadAsync(() => rendition.GetByTestId("rendition-download").ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.True(bytes.Length > 100 && bytes[0] == 0xFF && bytes[1] == 0xD8, "the rendition download is a JPEG");
        await Page.ScreenshotAsync("image-editor-rendition");

        // The preview stays in view while the last control changes: beside the controls on a wide screen, above them on a phone.
        await Page.PreviewStaysInViewAsync("png");
        await Page.SetViewportSizeAsync(390, 844);
        await Page.EvaluateAsync("() => window.scrollTo({ top: 0, behavior: 'instant' })");
        // Positions are polled (one layout read each): the live preview may still be re-laying out after the resize.
        await Page.WaitForFunctionAsync("""
            () => document.querySelector('[data-testid=editor-preview]').getBoundingClientRect().bottom
                  <= document.querySelector('[data-testid=editor-controls]').getBoundingClientRect().top
            """, null, new() { Timeout = 5000 }); // on a phone the preview sits above the controls
        await Page.PreviewStaysInViewAsync("webp");
        await Page.ScreenshotAsync("image-editor-phone");
        await Page.SetViewportSizeAsync(1280, 800);

        // Clicked again only while the address has not changed: once in CI, under load, the address stayed the editor's for
        // 15 s after this click (cause not found; not seen here in any local run). A second click that works is reported.
        for (var attempt = 1; ; attempt++)
        {
            await Page.GetByTestId("editor-back").ClickAsync();
            try
            {
                await Page.WaitForURLAsync(PortalPages.PathRegex("/images"), new() { Timeout = attempt < 3 ? 10_000 : 30_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3 && !PortalPages.PathRegex("/images").IsMatch(Page.Url))
            {
                Console.WriteLine($"ImageJourneyTests: the back link's click {attempt} did not navigate within 10 s; clicking again.");
            }
        }
        await Expect(Page.ImageCard(fileName).GetByTestId("image-renditions")).ToContainTextAsync("1 rendition");
    }

    [Fact]
    public async Task A_large_photo_previews_small_with_its_real_size_and_a_rendition_is_deleted_from_the_keyboard()
    {
        var fileName = $"large-{Guid.NewGuid():N}"[..14] + ".jpg";
        await Page.SignInToLandingAsync(Customer);
        await Page.OpenImagesAsync();
        await Page.ChooseImagesAsync(new FilePayload { Name = fileName, MimeType = "image/jpeg", Buffer = ImagePages.Jpeg(2400, 1600) });
        var card = Page.ImageCard(fileName);
        await Expect(card.GetByTestId("image-status")).ToHaveTextAsync("Ready", new() { Timeout = 30_000 }); // the worker's, heard live

        await card.GetByTestId("image-edit").ClickAsync();
        await Page.WaitForURLAsync(new Regex("/images/[0-9a-f-]{36}$"));
        await Page.WaitForInteractiveAsync();
        Assert.StartsWith("2400 × 1600 px", await Page.SettledPreviewAsync());
        await Expect(Page.GetByTestId("preview-image")).ToHaveJSPropertyAsync("naturalWidth", 1200);
        await Expect(Page.GetByTestId("preview-scaled")).ToContainTextAsync("1200 × 800 px");
        await Expect(Page.GetByTestId("preview-bytes")).ToHaveAttributeAsync("data-state", "exact");
        await Page.ScreenshotAsync("image-editor-large-preview");

        await Page.GetByTestId("save-rendition").ClickAsync();
        var rendition = Page.GetByTestId("rendition-row");
        await Expect(rendition).ToHaveCountAsync(1);
        var download = await Page.RunAndWaitForDownloadAsync(() => rendition.GetByTestId("rendition-download").ClickAsync());
        using (var saved = SkiaSharp.SKBitmap.Decode(await File.ReadAllBytesAsync(await download.PathAsync())))
            Assert.Equal((2400, 1600), (saved.Width, saved.Height));

        // Keyboard only: Enter opens the confirmation, Escape keeps the rendition, Enter on "Delete" deletes it.
        var dialog = Page.Locator(".mud-dialog");
        await rendition.GetByTestId("rendition-delete").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToContainTextAsync("will be deleted");
        // The dialog listens for Escape once its key interceptor is attached, a moment after it shows: press until it closes.
        for (var attempt = 1; ; attempt++)
        {
            await Page.Keyboard.PressAsync("Escape");
            try
            {
                await Expect(dialog).ToHaveCountAsync(0, new() { Timeout = 2000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 5) { }
        }
        await Expect(rendition).ToHaveCountAsync(1);

        await rendition.GetByTestId("rendition-delete").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("Rendition deleted.");
        await Expect(rendition).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("renditions-empty")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("renditions-heading")).ToBeFocusedAsync();
        await Page.ScreenshotAsync("image-editor-rendition-deleted");
    }

    [Fact]
    public async Task A_bad_file_shows_its_error_while_a_good_one_uploads_and_delete_removes_it()
    {
        var good = $"good-{Guid.NewGuid():N}"[..13] + ".jpg";
        await Page.SignInToLandingAsync(Customer);
        await Page.OpenImagesAsync();

        await Page.ChooseImagesAsync(
            new FilePayload { Name = "drawing.svg", MimeType = "image/svg+xml", Buffer = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray() },
            new FilePayload { Name = good, MimeType = "image/jpeg", Buffer = ImagePages.Jpeg(64, 64) });

        var bad = Page.Locator("[data-testid=upload-row][data-file='drawing.svg']");
        await Expect(bad).ToHaveAttributeAsync("data-state", "Failed");
        await Expect(bad.GetByTestId("upload-error")).Not.ToBeEmptyAsync();
        await Expect(Page.Locator($"[data-testid=upload-row][data-file='{good}']")).ToHaveAttributeAsync("data-state", "Done");
        var card = Page.ImageCard(good);
        await Expect(card).ToHaveCountAsync(1);
        await Page.ScreenshotAsync("images-upload-errors");

        await card.GetByTestId("image-delete").ClickAsync();
        await card.GetByTestId("image-delete-confirm").ClickAsync();
        await Expect(Page.ImageCard(good)).ToHaveCountAsync(0);
    }
}
