using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>Page actions and test files of the image journeys.</summary>
public static class ImagePages
{
    /// <summary>A smooth photo-like JPEG made in code (gradients and rings, so edits change its bytes).</summary>
    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var d = Math.Sqrt((x - width / 2.0) * (x - width / 2.0) + (y - height / 3.0) * (y - height / 3.0));
                bitmap.SetPixel(x, y, new SKColor((byte)(255 * x / width), (byte)(128 + 127 * Math.Sin(d / 9)), (byte)(255 * y / height)));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    public static async Task OpenImagesAsync(this IPage page)
    {
        await page.GotoAsync("/images");
        await Expect(page.GetByTestId("landing-title")).ToHaveTextAsync("My images");
        await page.WaitForInteractiveAsync();
    }

    /// <summary>
    /// Chooses files in the upload's file input, as the picker or a drop would. It first waits for Blazor to wire the input
    /// up (its InputFile sets <c>_blazorInputFileNextFileId</c> then), which happens one interop call after the page turns
    /// interactive: files set before that are never seen, and no person is that fast.
    /// </summary>
    public static async Task ChooseImagesAsync(this IPage page, params FilePayload[] files)
    {
        const string input = "input[type=file][data-testid=images-upload]";
        await page.WaitForFunctionAsync($"() => document.querySelector('{input}')?._blazorInputFileNextFileId !== undefined");
        await page.Locator(input).SetInputFilesAsync(files);
    }

    /// <summary>The gallery card of the image called <paramref name="fileName"/>.</summary>
    public static ILocator ImageCard(this IPage page, string fileName) =>
        page.GetByTestId("image-card").Filter(new() { Has = page.GetByTestId("image-name").GetByText(fileName, new() { Exact = true }) });

    /// <summary>
    /// Scrolls the editor to its last control and changes it: the preview image must then be wholly inside the viewport
    /// (its bounding box, below the fixed app bar), showing the change.
    /// </summary>
    public static async Task PreviewStaysInViewAsync(this IPage page, string format)
    {
        var last = page.GetByTestId($"format-{format}");
        await page.GetByTestId("reset-edits").ScrollIntoViewIfNeededAsync();
        await last.ClickAsync();
        await Expect(page.GetByTestId("preview-format")).ToHaveTextAsync(format);
        await page.GetByTestId("reset-edits").ScrollIntoViewIfNeededAsync();
        Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") > 0, "the page scrolled to the last control");
        // Polled, one layout read each time: the theme may scroll smoothly and the preview re-lays out as it updates.
        await page.WaitForFunctionAsync("""
            () => {
                const box = document.querySelector('[data-testid=preview-image]').getBoundingClientRect();
                const bar = document.querySelector('.mud-appbar'); // fixed at the top: the preview must not hide under it
                return box.height > 0 && box.top >= (bar ? bar.getBoundingClientRect().bottom - 1 : 0) && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
            }
            """, null, new() { Timeout = 5000 }); // the preview is wholly inside the viewport
    }

    /// <summary>Waits until the editor's preview is settled (not loading) and answers its output line.</summary>
    public static async Task<string> SettledPreviewAsync(this IPage page)
    {
        await Expect(page.GetByTestId("preview-state")).ToHaveAttributeAsync("data-state", "ready");
        return (await page.GetByTestId("preview-output").InnerTextAsync()).Trim();
    }
}
