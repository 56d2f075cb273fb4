using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Models.Consent;
using Portal.Features.Images;
using Portal.Tests.Features.Images;

namespace Portal.Tests.Features.Models.Embeddings;

/// <summary>The training consent switch on the customer's images page, over the real consent store (SQLite).</summary>
public sealed class TrainingConsentTests : ImageTestContext
{
    private ImageTrainingConsents Consents => Services.GetRequiredService<ImageTrainingConsents>();

    [Fact]
    public async Task The_switch_is_off_by_default_explained_and_saves_the_choice_both_ways()
    {
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("input[data-testid=training-consent]"), Patience);

        var input = page.Find("input[data-testid=training-consent]");
        Assert.False(input.HasAttribute("checked"));
        Assert.Equal("checkbox", input.GetAttribute("type"));
        Assert.Contains("Allow my images to be used to train models", input.Closest("label")?.TextContent ?? page.Find("[data-testid=image-settings]").TextContent);
        Assert.Equal("training-consent-help", input.GetAttribute("aria-describedby"));
        Assert.Contains("only if you allow it", page.Find("#training-consent-help").TextContent);
        Assert.False(await Consents.IsAllowedAsync(UserId));

        input.Change(true);
        await WaitUntilAsync(() => Consents.IsAllowedAsync(UserId), true);
        page.WaitForAssertion(() => Assert.True(page.Find("input[data-testid=training-consent]").HasAttribute("checked")), Patience);

        page.Find("input[data-testid=training-consent]").Change(false);
        await WaitUntilAsync(() => Consents.IsAllowedAsync(UserId), false);
    }

    [Fact]
    public async Task A_saved_choice_is_shown_when_the_page_opens_again()
    {
        await Consents.SetAsync(UserId, true);

        var page = RenderPage<ImagesHome>();

        page.WaitForAssertion(() => Assert.True(page.Find("input[data-testid=training-consent]").HasAttribute("checked")), Patience);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> read, bool expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await read() != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the choice was not saved as {expected}");
            await Task.Delay(20);
        }
    }
}
