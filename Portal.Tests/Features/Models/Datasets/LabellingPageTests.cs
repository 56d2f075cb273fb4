using AngleSharp.Dom;
using Bunit;
using Portal.Engine.Models.Datasets;
using Portal.Features.Models.Datasets;
using Portal.Tests.Features.Storefront;

namespace Portal.Tests.Features.Models.Datasets;

/// <summary>The labelling view over real data: digits label and move on, 0 and Backspace clear, arrows move, progress and filters follow.</summary>
public sealed class LabellingPageTests : DatasetPagesContext
{
    private async Task<ModelDataset> DatasetAsync(int photos)
    {
        var dataset = await Datasets.CreateAsync("shapes", null, ["round", "square", "odd"], "analyst");
        await Datasets.AddProductPhotosAsync(dataset.Id, await PhotosAsync(Enumerable.Repeat("Any", photos).ToArray()));
        return dataset;
    }

    private async Task<List<string?>> StoredLabelsAsync(int datasetId) =>
        (await Datasets.ItemsAsync(datasetId, new DatasetItemFilter(), 0, 100)).Items.Select(i => i.Label).ToList();

    private static string SelectedId(IRenderedComponent<PageHost> page) =>
        page.Find("[data-testid=labelling-item][aria-selected=true]").GetAttribute("data-item-id")!;

    [Fact]
    public async Task Digits_label_the_selected_image_and_move_on_and_zero_backspace_and_arrows_clear_and_move()
    {
        var dataset = await DatasetAsync(3);
        var page = RenderPage<LabellingPage>(p => p.Add(x => x.Name, "shapes"));
        page.WaitForElement("[data-testid=labelling-grid]", Patience);
        Assert.Equal("0 of 3 labelled", Text(page, "labelling-progress"));
        var ids = page.FindAll("[data-testid=labelling-item]").Select(e => e.GetAttribute("data-item-id")!).ToList();
        Assert.Equal(ids[0], SelectedId(page));

        page.Find("[data-testid=labelling-grid]").KeyDown("2");
        page.WaitForAssertion(() => Assert.Equal("1 of 3 labelled", Text(page, "labelling-progress")), Patience);
        Assert.Equal(ids[1], SelectedId(page));
        page.Find("[data-testid=labelling-grid]").KeyDown("3");
        page.WaitForAssertion(() => Assert.Equal(ids[2], SelectedId(page)), Patience);
        page.Find("[data-testid=labelling-grid]").KeyDown("9"); // no ninth label: nothing happens
        page.Find("[data-testid=labelling-grid]").KeyDown("ArrowLeft");
        page.WaitForAssertion(() => Assert.Equal(ids[1], SelectedId(page)), Patience);
        page.Find("[data-testid=labelling-grid]").KeyDown("Backspace");
        page.WaitForAssertion(() => Assert.Equal("1 of 3 labelled", Text(page, "labelling-progress")), Patience);

        Assert.Equal(["square", null, null], await StoredLabelsAsync(dataset.Id));
        page.Find("[data-testid=labelling-grid]").KeyDown("ArrowUp");
        page.Find("[data-testid=labelling-grid]").KeyDown("0");
        page.WaitForAssertion(() => Assert.Equal("0 of 3 labelled", Text(page, "labelling-progress")), Patience);
        Assert.Equal([null, null, null], await StoredLabelsAsync(dataset.Id));
        Assert.Equal("unlabelled", page.FindAll("[data-testid=labelling-item-label]")[0].TextContent.Trim());
    }

    [Fact]
    public async Task The_label_buttons_show_their_shortcuts_and_a_click_selects_an_image_to_label()
    {
        var dataset = await DatasetAsync(2);
        var page = RenderPage<LabellingPage>(p => p.Add(x => x.Name, "shapes"));
        page.WaitForElement("[data-testid=labelling-grid]", Patience);
        Assert.Equal(["1 · round", "2 · square", "3 · odd"], page.FindAll("[data-testid=labelling-label]").Select(b => b.TextContent.Trim()));

        page.FindAll("[data-testid=labelling-item]")[1].Click();
        page.Find("[data-testid=labelling-label][data-label=odd]").Click();

        page.WaitForAssertion(() => Assert.Equal("1 of 2 labelled", Text(page, "labelling-progress")), Patience);
        Assert.Equal([null, "odd"], await StoredLabelsAsync(dataset.Id));
    }

    [Fact]
    public async Task Unlabelled_only_is_the_default_filter_and_pages_hold_a_fixed_number_of_images()
    {
        var dataset = await DatasetAsync(LabellingPage.PageSize + 2);
        var first = (await Datasets.ItemsAsync(dataset.Id, new DatasetItemFilter(), 0, 1)).Items[0];
        await Datasets.SetLabelAsync(dataset.Id, first.Id, "round", "analyst");

        var page = RenderPage<LabellingPage>(p => p.Add(x => x.Name, "shapes"));
        page.WaitForElement("[data-testid=labelling-grid]", Patience);

        Assert.Equal(LabellingPage.PageSize, page.FindAll("[data-testid=labelling-item]").Count);
        Assert.DoesNotContain(page.FindAll("[data-testid=labelling-item]"), e => e.GetAttribute("data-item-id") == first.Id.ToString());
        Assert.NotEmpty(page.FindAll("[data-testid=labelling-pages]"));
        Assert.Equal($"1 of {LabellingPage.PageSize + 2} labelled", Text(page, "labelling-progress"));
    }

    [Fact]
    public async Task Moving_past_a_page_by_keyboard_after_labelling_some_shows_the_next_unlabelled_images_and_none_is_skipped()
    {
        var dataset = await DatasetAsync(2 * LabellingPage.PageSize + 2);
        var all = (await Datasets.ItemsAsync(dataset.Id, new DatasetItemFilter(), 0, 100)).Items.Select(i => i.Id.ToString()).ToList();
        var page = RenderPage<LabellingPage>(p => p.Add(x => x.Name, "shapes"));
        page.WaitForElement("[data-testid=labelling-grid]", Patience);
        IElement Grid() => page.Find("[data-testid=labelling-grid]");

        for (var i = 0; i < 5; i++)
        {
            Grid().KeyDown("1");
            var labelled = i + 1;
            page.WaitForAssertion(() => Assert.Equal($"{labelled} of {all.Count} labelled", Text(page, "labelling-progress")), Patience);
        }
        for (var i = 5; i < LabellingPage.PageSize - 1; i++) Grid().KeyDown("ArrowRight");
        page.WaitForAssertion(() => Assert.Equal(all[LabellingPage.PageSize - 1], SelectedId(page)), Patience);

        Grid().KeyDown("ArrowRight"); // past the page's last image: the very next one, not the unlabelled list's second page
        page.WaitForAssertion(() => Assert.Equal(all[LabellingPage.PageSize], SelectedId(page)), Patience);
        Assert.Equal(all.Skip(LabellingPage.PageSize).Take(LabellingPage.PageSize),
            page.FindAll("[data-testid=labelling-item]").Select(e => e.GetAttribute("data-item-id")));

        Grid().KeyDown("ArrowLeft"); // and back: the unlabelled images before it
        page.WaitForAssertion(() => Assert.Equal(all[LabellingPage.PageSize - 1], SelectedId(page)), Patience);
        Assert.Equal(all.Skip(5).Take(LabellingPage.PageSize - 5), page.FindAll("[data-testid=labelling-item]").Select(e => e.GetAttribute("data-item-id")));
    }

    [Fact]
    public async Task A_page_number_shows_that_page_of_the_unlabelled_list_and_a_label_filter_shows_only_its_images()
    {
        var dataset = await DatasetAsync(2 * LabellingPage.PageSize + 2);
        var all = (await Datasets.ItemsAsync(dataset.Id, new DatasetItemFilter(), 0, 100)).Items.Select(i => i.Id).ToList();
        foreach (var id in all.Take(3)) await Datasets.SetLabelAsync(dataset.Id, id, "round", "analyst");
        var page = RenderPage<LabellingPage>(p => p.Add(x => x.Name, "shapes"));
        page.WaitForElement("[data-testid=labelling-grid]", Patience);

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudPagination>().Instance.SelectedChanged.InvokeAsync(2));
        page.WaitForAssertion(() => Assert.Equal(all.Skip(3 + LabellingPage.PageSize).Select(i => i.ToString()),
            page.FindAll("[data-testid=labelling-item]").Select(e => e.GetAttribute("data-item-id"))), Patience);

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSelect<string>>().Instance.ValueChanged.InvokeAsync("round"));
        page.WaitForAssertion(() => Assert.Equal(all.Take(3).Select(i => i.ToString()),
            page.FindAll("[data-testid=labelling-item]").Select(e => e.GetAttribute("data-item-id"))), Patience);
        Assert.All(page.FindAll("[data-testid=labelling-item-label]"), e => Assert.Equal("round", e.TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=labelling-pages]"));
    }

    [Fact]
    public async Task An_unknown_dataset_says_so()
    {
        var page = RenderPage<LabellingPage>(p => p.Add(x => x.Name, "nope"));
        page.WaitForElement("[data-testid=dataset-missing]", Patience);
    }
}
