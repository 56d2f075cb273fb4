using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Images;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using Portal.Features.Images;

namespace Portal.Tests.Features.Images;

public sealed class RenditionListTests : ImageEditorTestContext
{
    private static IElement RenditionDelete(IRenderedComponent<ImagePageHost> page, string key) =>
        page.Find($"[data-testid=rendition-row][data-key='{key}'] [data-testid=rendition-delete]");

    private static IElement DialogButton(IRenderedComponent<ImagePageHost> page, string text) =>
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private static List<string?> RenditionRows(IRenderedComponent<ImagePageHost> page) =>
        page.FindAll("[data-testid=rendition-row]").Select(r => r.GetAttribute("data-key")).ToList();

    [Fact]
    public async Task Deleting_a_rendition_asks_first_then_removes_only_that_one_and_says_so()
    {
        var image = await UploadedAsync();
        var gray = (await Library.SaveRenditionAsync(UserId, image.Id, new() { Grayscale = true }, null, null))!;
        var flipped = (await Library.SaveRenditionAsync(UserId, image.Id, new() { Flip = true }, null, null))!;
        var page = RenderReady(image);
        var delete = RenditionDelete(page, gray.Key);
        Assert.Equal("BUTTON", delete.TagName);
        Assert.StartsWith("Delete the rendition saved ", delete.GetAttribute("aria-label"));

        delete.Click();
        page.WaitForAssertion(() => Assert.Contains("will be deleted", page.Find(".mud-dialog").TextContent), Patience);
        DialogButton(page, "Keep").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")), Patience);
        Assert.Equal(2, Assert.Single(await StoredImagesAsync()).Renditions.Count);
        Assert.NotNull(await Space.GetAsync(gray.Key));

        RenditionDelete(page, gray.Key).Click();
        page.WaitForAssertion(() => DialogButton(page, "Delete").Click(), Patience);

        page.WaitForAssertion(() =>
        {
            Assert.Equal([flipped.Key], RenditionRows(page));
            Assert.Contains("Rendition deleted.", page.Find(".mud-snackbar").TextContent);
        }, Patience);
        Assert.Equal([flipped.Key], Assert.Single(await StoredImagesAsync()).Renditions.Select(r => r.Key));
        Assert.Null(await Space.GetAsync(gray.Key));
        Assert.NotNull(await Space.GetAsync(flipped.Key));
        Assert.NotNull(await Space.GetAsync(image.OriginalKey));
    }

    [Fact]
    public async Task A_rendition_deleted_meanwhile_is_reported_and_dropped_from_the_list()
    {
        var image = await UploadedAsync();
        var rendition = (await Library.SaveRenditionAsync(UserId, image.Id, new() { Grayscale = true }, null, null))!;
        var page = RenderReady(image);
        Assert.True(await Library.DeleteRenditionAsync(UserId, image.Id, rendition.Id));

        RenditionDelete(page, rendition.Key).Click();
        page.WaitForAssertion(() => DialogButton(page, "Delete").Click(), Patience);

        page.WaitForAssertion(() =>
        {
            Assert.Contains("already deleted", page.Find(".mud-snackbar").TextContent);
            Assert.Empty(RenditionRows(page));
            Assert.NotNull(page.Find("[data-testid=renditions-empty]"));
        }, Patience);
    }

    [Fact]
    public async Task A_rendition_that_cannot_be_deleted_stays_listed_with_the_reason()
    {
        var image = await UploadedAsync();
        var rendition = (await Library.SaveRenditionAsync(UserId, image.Id, new() { Grayscale = true }, null, null))!;
        var page = RenderReady(image);
        Store.FailDeletes = true;

        RenditionDelete(page, rendition.Key).Click();
        page.WaitForAssertion(() => DialogButton(page, "Delete").Click(), Patience);

        page.WaitForAssertion(() => Assert.Contains("The rendition was not deleted: the store is unavailable", page.Find(".mud-snackbar").TextContent), Patience);
        Assert.Equal([rendition.Key], RenditionRows(page));
        Assert.False(RenditionDelete(page, rendition.Key).HasAttribute("disabled"));
        Assert.Equal([rendition.Key], Assert.Single(await StoredImagesAsync()).Renditions.Select(r => r.Key));
        Assert.NotNull(await Space.GetAsync(rendition.Key));
    }
}
