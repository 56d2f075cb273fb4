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
    public async Task An_unknown_dataset_says_so()
    {
        var page = RenderPage<LabellingPage>(p => p.Add(x => x.Name, "nope"));
        page.WaitForElement("[data-testid=dataset-missing]", Patience);
    }
}
