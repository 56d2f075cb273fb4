using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;

namespace Portal.Tests.Engine.Models.Datasets;

public sealed class SqliteDatasetEditTests() : DatasetEditTests(DatabaseOptions.Sqlite);

public sealed class PostgresDatasetEditTests() : DatasetEditTests(DatabaseOptions.Postgres);

/// <summary>Creating datasets, adding images and labelling them on each provider, with every refusal naming its field.</summary>
public abstract class DatasetEditTests(string provider) : DatasetsSuite(provider)
{
    [SkippableFact]
    public async Task Names_and_labels_are_checked_and_a_name_is_unique()
    {
        await ArrangeAsync();
        await Datasets.CreateAsync("ok_name-1", null, ["a", "b"], "analyst");

        foreach (var name in new[] { "", "Upper", "has space", "dots.no", new string('a', 81), "ok_name-1" })
            Assert.Equal("name", (await Assert.ThrowsAsync<ModelsException>(() => Datasets.CreateAsync(name, null, ["a", "b"], "analyst"))).Field);
        foreach (var labels in new[] { new[] { "a" }, ["a", "a"], ["a", new string('x', 129)], Enumerable.Range(0, 51).Select(i => $"l{i}").ToArray(), ["", " "] })
            Assert.Equal("labels", (await Assert.ThrowsAsync<ModelsException>(() => Datasets.CreateAsync("other", null, labels, "analyst"))).Field);

        var made = await Datasets.CreateAsync(new string('z', 80), null, [" cat ", "dog", ""], "analyst");
        Assert.Equal(["cat", "dog"], made.Labels());
        Assert.Equal(["ok_name-1", new string('z', 80)], (await Datasets.ListAsync()).Select(d => d.Name));
    }

    [SkippableFact]
    public async Task Only_ready_customer_images_and_photos_are_added_once_and_labels_are_checked_counted_and_cleared()
    {
        await ArrangeAsync();
        var owner = await CustomerAsync(allowTraining: null);
        var ready = await ImageAsync(owner, 1);
        var processing = await ImageAsync(owner, 2, ImageStatus.Processing);
        var photo = await ProductAsync("Lamps", 3);
        var dataset = await Datasets.CreateAsync("mixed", null, ["one", "two"], "analyst");

        Assert.Equal(1, await Datasets.AddCustomerImagesAsync(dataset.Id, [ready.Id, processing.Id]));
        Assert.Equal(0, await Datasets.AddCustomerImagesAsync(dataset.Id, [ready.Id]));
        Assert.Equal(1, await Datasets.AddProductPhotosAsync(dataset.Id, [photo.Id]));
        Assert.Equal(0, await Datasets.AddProductPhotosAsync(dataset.Id, [photo.Id]));
        Assert.DoesNotContain((await Datasets.CustomerImageCandidatesAsync(dataset.Id, 10)), c => c.ImageId == ready.Id || c.ImageId == processing.Id);

        var imageItem = await ItemIdAsync(dataset.Id, ready.OriginalKey);
        var photoItem = await ItemIdAsync(dataset.Id, photo.PhotoKey!);
        var wrong = await Assert.ThrowsAsync<ModelsException>(() => Datasets.SetLabelAsync(dataset.Id, imageItem, "three", "analyst"));
        Assert.Equal("label", wrong.Field);
        await Datasets.SetLabelAsync(dataset.Id, imageItem, "two", "analyst");

        var counts = await Datasets.LabelCountsAsync(dataset.Id);
        Assert.Equal((0, 1, 1, 2), (counts.PerLabel["one"], counts.PerLabel["two"], counts.Unlabelled, counts.Total));
        var unlabelled = await Datasets.ItemsAsync(dataset.Id, new DatasetItemFilter(UnlabelledOnly: true), 0, 10);
        Assert.Equal([photoItem], unlabelled.Items.Select(i => i.Id));
        Assert.Equal("/catalog-img/fit-in/300x300/" + photo.PhotoKey, unlabelled.Items[0].ThumbnailUrl);
        var two = await Datasets.ItemsAsync(dataset.Id, new DatasetItemFilter(Label: "two"), 0, 10);
        Assert.Equal(ModelDatasets.CustomerThumbnailUrl(ready.Id), Assert.Single(two.Items).ThumbnailUrl);
        Assert.Equal(1, (await Datasets.ItemsAsync(dataset.Id, new DatasetItemFilter(Source: ImageSource.Product), 0, 10)).Total);

        await Datasets.SetLabelAsync(dataset.Id, imageItem, null, "analyst");
        Assert.Equal(2, (await Datasets.LabelCountsAsync(dataset.Id)).Unlabelled);
        Assert.Equal(1, await Datasets.RemoveItemsAsync(dataset.Id, [photoItem]));
        Assert.Equal(1, (await Datasets.ListAsync()).Single().ItemCount);
    }

    [SkippableFact]
    public async Task Analysts_are_offered_and_served_only_images_whose_owners_allow_training()
    {
        await ArrangeAsync();
        var allowing = await CustomerAsync(allowTraining: true);
        var refusing = await CustomerAsync(allowTraining: false);
        var silent = await CustomerAsync(allowTraining: null);
        var offered = await ImageAsync(allowing, 1);
        var refused = await ImageAsync(refusing, 2);
        var unasked = await ImageAsync(silent, 3);
        foreach (var image in new[] { offered, refused, unasked })
            await Spaces.For(image.OwnerUserId).PutAsync(image.ThumbnailKey!, new MemoryStream("thumb"u8.ToArray()), "image/webp");
        var dataset = await Datasets.CreateAsync("consented", null, ["one", "two"], "analyst");

        var candidates = await Datasets.CustomerImageCandidatesAsync(dataset.Id, 100);
        Assert.Contains(candidates, c => c.ImageId == offered.Id);
        Assert.DoesNotContain(candidates, c => c.ImageId == refused.Id || c.ImageId == unasked.Id);
        await using (var served = await Datasets.OpenCustomerThumbnailAsync(offered.Id)) Assert.NotNull(served);
        Assert.Null(await Datasets.OpenCustomerThumbnailAsync(refused.Id));
        Assert.Null(await Datasets.OpenCustomerThumbnailAsync(unasked.Id));

        await AllowTrainingAsync(allowing, false); // withdrawn after it was offered
        Assert.DoesNotContain(await Datasets.CustomerImageCandidatesAsync(dataset.Id, 100), c => c.ImageId == offered.Id);
        Assert.Null(await Datasets.OpenCustomerThumbnailAsync(offered.Id));
    }
}
