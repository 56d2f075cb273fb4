using Bunit;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;
using Portal.Tests.Engine.Models.Embeddings;
using Portal.Features.Models.Datasets;

namespace Portal.Tests.Features.Models.Datasets;

/// <summary>The datasets list and a dataset's page: create with problems at the field, versions refused and made.</summary>
public sealed class DatasetsPageTests : DatasetPagesContext
{
    [Fact]
    public async Task A_bad_name_or_labels_are_shown_at_their_field_and_a_good_dataset_opens()
    {
        await Datasets.CreateAsync("taken", null, ["a", "b"], "analyst");
        var page = RenderPage<DatasetsPage>();
        page.WaitForElement("[data-testid=datasets-table]", Patience);
        Assert.Equal(["taken"], page.FindAll("[data-testid=dataset-row]").Select(r => r.TextContent.Trim()));

        page.Find("input[data-testid=dataset-name]").Change("Bad Name");
        page.Find("textarea[data-testid=dataset-labels]").Change("a\nb");
        page.Find("[data-testid=dataset-create]").Submit();
        page.WaitForAssertion(() => Assert.StartsWith("A dataset name is 1-80 characters", FieldError(page, "dataset-name")), Patience);

        page.Find("input[data-testid=dataset-name]").Change("taken");
        page.Find("[data-testid=dataset-create]").Submit();
        page.WaitForAssertion(() => Assert.Equal("A dataset named 'taken' exists already.", FieldError(page, "dataset-name")), Patience);

        page.Find("input[data-testid=dataset-name]").Change("fresh");
        page.Find("textarea[data-testid=dataset-labels]").Change("only-one");
        page.Find("[data-testid=dataset-create]").Submit();
        page.WaitForAssertion(() => Assert.Equal("A dataset has 2-50 labels, not 1.", FieldError(page, "dataset-labels")), Patience);

        page.Find("textarea[data-testid=dataset-labels]").Change("cat\ndog");
        page.Find("[data-testid=dataset-create]").Submit();
        page.WaitForAssertion(() => Assert.EndsWith("/models/datasets/fresh", Navigation.Uri), Patience);
        Assert.Equal(["cat", "dog"], (await Datasets.FindAsync("fresh"))!.Labels());
    }

    [Fact]
    public async Task The_product_categories_dataset_is_set_up_from_the_list()
    {
        await PhotosAsync("Lamps", "Frames");
        var page = RenderPage<DatasetsPage>();
        page.WaitForElement("[data-testid=datasets-product-categories]", Patience).Click();
        page.WaitForAssertion(() => Assert.EndsWith("/models/datasets/product-categories", Navigation.Uri), Patience);
        Assert.Equal(["Frames", "Lamps"], (await Datasets.FindAsync(IModelDatasets.ProductCategories))!.Labels());
    }

    [Fact]
    public async Task Create_version_says_why_it_is_refused_then_shows_what_it_froze()
    {
        await PhotosAsync("Lamps", "Frames");
        await Datasets.EnsureProductCategoriesAsync("analyst");
        var dataset = RenderPage<DatasetPage>(p => p.Add(x => x.Name, IModelDatasets.ProductCategories));
        dataset.WaitForElement("[data-testid=dataset-versions-empty]", Patience);
        Assert.Equal(["Frames: 1", "Lamps: 1"], dataset.FindAll("[data-testid=dataset-label-count]").Select(c => c.TextContent.Trim()));
        Assert.Equal(2, dataset.FindAll("[data-testid=dataset-item]").Count);

        dataset.Find("[data-testid=dataset-create-version]").Click();
        // The photos have no embeddings yet: both are left out, so there are not two labels to train on.
        dataset.WaitForAssertion(() => Assert.Contains("at least two labels", Text(dataset, "dataset-version-error")), Patience);
        Assert.Empty(await Datasets.VersionsAsync((await Datasets.FindAsync(IModelDatasets.ProductCategories))!.Id));

        await using (var db = Database.NewContext())
        {
            foreach (var photo in db.CatalogItems.ToList())
                db.ImageEmbeddings.Add(new ImageEmbedding
                {
                    Source = ImageSource.Product, ObjectKey = photo.PhotoKey!, CatalogItemId = photo.Id, Model = SharedEmbedder.Instance.Model,
                    Vector = EmbeddingVectors.Pack(Enumerable.Range(0, 8).Select(i => (float)(i + photo.Id)).ToArray()),
                });
            await db.SaveChangesAsync();
        }
        dataset.Find("[data-testid=dataset-create-version]").Click();
        dataset.WaitForAssertion(() => Assert.StartsWith("Version 1: 2 images frozen; 0 labelled images left out", Text(dataset, "dataset-version-result")), Patience);
        Assert.Single(dataset.FindAll("[data-testid=dataset-version-row]"));
    }

    [Fact]
    public async Task Importing_a_missing_object_is_refused_at_the_key()
    {
        var page = RenderPage<DatasetsPage>();
        page.WaitForElement("[data-testid=datasets-import]", Patience).Click();
        page.WaitForElement("[data-testid=dataset-import-dialog]", Patience);

        page.Find("input[data-testid=import-name]").Change("imported");
        page.Find("input[data-testid=import-bucket]").Change("analyst-data");
        page.Find("input[data-testid=import-key]").Change("labels/none.jsonl");
        page.Find("#dataset-import-form").Submit();

        page.WaitForAssertion(() => Assert.Equal("There is no object s3://analyst-data/labels/none.jsonl.", FieldError(page, "import-key")), Patience);
        Assert.Null(await Datasets.FindAsync("imported"));
    }
}
