using Bunit;
using Portal.Engine.Catalog;

namespace Portal.Tests.Features.Catalog;

/// <summary>
/// A user's own change comes back to their grid through the event log after it is done (the live feed): that echo is not
/// "a change by someone else", while a real one by someone else still is.
/// </summary>
public sealed class CatalogGridEchoTests : CatalogTestContext
{
    [Fact]
    public async Task The_echo_of_the_users_own_edit_leaves_the_cell_they_are_editing_alone_and_others_changes_still_wait_for_it()
    {
        await SeedAsync(Item("PRT-1", "Poster", "Prints", 10.00m), Item("FRM-1", "Oak Frame", "Frames", 19.99m));
        var page = RenderCatalog("PRT-1");
        var price = page.Find("[data-testid=price-PRT-1]");
        price.Input("12.50");
        price.KeyDown(Key.Enter);
        var poster = await StoredAsync("PRT-1");
        var deadline = DateTime.UtcNow + Patience;
        while (poster.Price != 12.50m && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
            poster = await StoredAsync("PRT-1");
        }
        Assert.Equal(12.50m, poster.Price);
        page.Find("[data-testid=stock-FRM-1]").Closest(".catalog-cell")!.FocusIn();

        Feed.Publish(new CatalogChanged([poster.Id], SalesUser)); // the edit's events, back from the log
        await page.InvokeAsync(() => { }); // the grid handles what it heard on the renderer, in order
        Assert.Empty(page.FindAll("[data-testid=grid-pending]"));

        Announce(poster.Id);
        page.WaitForElement("[data-testid=grid-pending]", Patience);
        Assert.Contains(OtherUserName, page.Find("[data-testid=grid-pending]").TextContent);
    }
}
