using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Models.Embeddings;

namespace Portal.Engine.Models.Datasets;

public sealed partial class ModelDatasets
{
    public async Task<ModelDataset> EnsureProductCategoriesAsync(string by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await db.ModelDatasets.SingleOrDefaultAsync(d => d.Name == IModelDatasets.ProductCategories, cancellationToken);
        if (dataset is null)
        {
            try
            {
                await CreateAsync(IModelDatasets.ProductCategories, "Every product photo, labelled by its catalog category.",
                    DatasetKind.ProductCategories, [], by, cancellationToken);
            }
            catch (ModelsException)
            {
                // Created meanwhile by another caller (demo start-up and an analyst at once): use theirs.
            }
            dataset = await db.ModelDatasets.SingleAsync(d => d.Name == IModelDatasets.ProductCategories, cancellationToken);
        }
        await RefreshFromCatalogAsync(db, dataset, cancellationToken);
        return dataset;
    }

    /// <summary>Makes a product-categories dataset's items and labels the catalog's: one item per active item with a photo.</summary>
    private async Task RefreshFromCatalogAsync(PortalDbContext db, ModelDataset dataset, CancellationToken cancellationToken)
    {
        var photos = await db.CatalogItems.AsNoTracking().Where(c => c.PhotoKey != null && c.ArchivedAt == null).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.PhotoKey, c.Category }).ToListAsync(cancellationToken);
        var wanted = photos.ToDictionary(p => p.PhotoKey!, StringComparer.Ordinal);
        var items = await db.DatasetItems.Where(i => i.DatasetId == dataset.Id).ToListAsync(cancellationToken);
        db.DatasetItems.RemoveRange(items.Where(i => i.Source != ImageSource.Product || !wanted.ContainsKey(i.ObjectKey)));
        var present = items.ToDictionary(i => (i.Source, i.ObjectKey));
        foreach (var photo in photos)
        {
            if (present.TryGetValue((ImageSource.Product, photo.PhotoKey!), out var item))
            {
                if (item.Label != photo.Category) (item.Label, item.LabelledBy, item.LabelledAt) = (photo.Category, "catalog", Now);
                continue;
            }
            db.DatasetItems.Add(new DatasetItem
            {
                DatasetId = dataset.Id, Source = ImageSource.Product, ObjectKey = photo.PhotoKey!, CatalogItemId = photo.Id,
                Label = photo.Category, LabelledBy = "catalog", LabelledAt = Now,
            });
        }
        var labels = DatasetRules.LabelsJson(photos.Select(p => p.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        if (db.ChangeTracker.HasChanges() || dataset.LabelsJson != labels) (dataset.LabelsJson, dataset.UpdatedAt) = (labels, Now);
        await db.SaveChangesAsync(cancellationToken);
    }
}
