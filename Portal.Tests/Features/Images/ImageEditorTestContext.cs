using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Images;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using Portal.Features.Images;

namespace Portal.Tests.Features.Images;

/// <summary>Renders the image editor page and reaches its controls, for the editor's test classes.</summary>
public abstract class ImageEditorTestContext : ImageTestContext
{
    protected IRenderedComponent<ImagePageHost> RenderEditor(Guid id) => RenderPage<ImageEditor>(p => p.Add(e => e.Id, id).Add(e => e.PreviewDelay, PreviewDelay));

    protected IRenderedComponent<ImagePageHost> RenderReady(ImageAsset image)
    {
        var page = RenderEditor(image.Id);
        page.WaitForAssertion(() => Assert.Equal("ready", page.Find("[data-testid=preview-state]").GetAttribute("data-state")), Patience);
        return page;
    }

    protected static IElement Control(IRenderedComponent<ImagePageHost> page, string testId)
    {
        var element = page.Find($"[data-testid='{testId}']");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input") ?? element;
    }

    protected static void Type(IRenderedComponent<ImagePageHost> page, string testId, string value) => Control(page, testId).Input(value);

    protected static void Toggle(IRenderedComponent<ImagePageHost> page, string testId) => Control(page, testId).Change(true);

    protected static void WaitForPreview(IRenderedComponent<ImagePageHost> page, string dimensions) =>
        page.WaitForAssertion(() =>
        {
            Assert.Equal("ready", page.Find("[data-testid=preview-state]").GetAttribute("data-state"));
            Assert.Equal(dimensions, Text(page, "preview-dimensions"));
        }, Patience);
}
