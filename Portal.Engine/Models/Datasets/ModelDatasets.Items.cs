using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Datasets;

public sealed partial class ModelDatasets
{
    /// <summary>Adds the customer images that are Ready (others, and those already in, are skipped); returns how many were added.</summary>
    public async Task<int> AddCustomerImagesAsync(int datasetId, IReadOnlyCollection<Guid> imageIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await RequireAsync(db, datasetId, cancellationToken);
        var images = await db.Images.AsNoTracking()
            .Where(i => imageIds.Contains(i.Id) && i.Status == ImageStatus.Ready)
            .Select(i => new { i.Id, i.OriginalKey, i.OwnerUserId }).ToListAsync(cancellationToken);
        var present = await db.DatasetItems.Where(i => i.DatasetId == datasetId && i.ImageId != null && imageIds.Contains(i.ImageId!.Value))
            .Select(i => i.ImageId!.Value).ToListAsync(cancellationToken);
        // In the order the analyst chose them: item ids, and so versions' manifest order, follow it.
        var order = imageIds.Select((id, n) => (id, n)).DistinctBy(x => x.id).ToDictionary(x => x.id, x => x.n);
        var added = images.Where(i => !present.Contains(i.Id)).OrderBy(i => order[i.Id]).Select(i => new DatasetItem
        {
            DatasetId = datasetId, Source = ImageSource.Customer, ObjectKey = i.OriginalKey, ImageId = i.Id, OwnerUserId = i.OwnerUserId,
        }).ToList();
        return await SaveAddedAsync(db, dataset, added, cancellationToken);
    }

    /// <summary>Adds the photos of these catalog items (those without a photo, and those already in, are skipped).</summary>
    public async Task<int> AddProductPhotosAsync(int datasetId, IReadOnlyCollection<int> catalogItemIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await RequireAsync(db, datasetId, cancellationToken);
        var items = await db.CatalogItems.AsNoTracking()
            .Where(c => catalogItemIds.Contains(c.Id) && c.PhotoKey != null && c.ArchivedAt == null)
            .Select(c => new { c.Id, c.PhotoKey }).ToListAsync(cancellationToken);
        var present = await db.DatasetItems.Where(i => i.DatasetId == datasetId && i.Source == ImageSource.Product)
            .Select(i => i.ObjectKey).ToListAsync(cancellationToken);
        var added = items.Where(c => !present.Contains(c.PhotoKey!)).OrderBy(c => c.Id).Select(c => new DatasetItem
        {
            DatasetId = datasetId, Source = ImageSource.Product, ObjectKey = c.PhotoKey!, CatalogItemId = c.Id,
        }).ToList();
        return await SaveAddedAsync(db, dataset, added, cancellationToken);
    }

    /// <summary>The ids of every active catalog item with a photo (the "all product photos" choice).</summary>
    public async Task<IReadOnlyList<int>> CatalogItemsWithPhotosAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CatalogItems.Where(c => c.PhotoKey != null && c.ArchivedAt == null).OrderBy(c => c.Id)
            .Select(c => c.Id).ToListAsync(cancellationToken);
    }

    private async Task<int> SaveAddedAsync(PortalDbContext db, ModelDataset dataset, List<DatasetItem> added, CancellationToken cancellationToken)
    {
        if (added.Count == 0) return 0;
        db.DatasetItems.AddRange(added);
        dataset.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        return added.Count;
    }

    /// <summary>Labels an item (null or empty clears it); the label must be one of the dataset's.</summary>
    public async Task SetLabelAsync(int datasetId, long itemId, string? label, string by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await RequireAsync(db, datasetId, cancellationToken);
        var item = await db.DatasetItems.SingleOrDefaultAsync(i => i.Id == itemId && i.DatasetId == datasetId, cancellationToken)
            ?? throw new ModelsException($"Item {itemId} is not in dataset '{dataset.Name}'.", "item");
        label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        if (label is not null && !dataset.Labels().Contains(label, StringComparer.Ordinal))
            throw new ModelsException($"'{label}' is not one of the labels of '{dataset.Name}'.", "label");
        item.Label = label;
        item.LabelledBy = label is null ? null : by;
        item.LabelledAt = label is null ? null : Now;
        dataset.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> RemoveItemsAsync(int datasetId, IReadOnlyCollection<long> itemIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DatasetItems.Where(i => i.DatasetId == datasetId && itemIds.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<DatasetItemPage> ItemsAsync(int datasetId, DatasetItemFilter filter, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, datasetId, filter);
        var total = await query.CountAsync(cancellationToken);
        var offset = Math.Max(0, page) * pageSize;
        var items = await query.OrderBy(i => i.Id).Skip(offset).Take(pageSize).ToListAsync(cancellationToken);
        return new DatasetItemPage(items.Select(View).ToList(), total, offset);
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> items just after (or before) item <paramref name="itemId"/> in the filtered list, by
    /// id: the next page while labelling, whatever was labelled (and so left the "unlabelled" list) since the last page.
    /// </summary>
    public async Task<DatasetItemPage> ItemsBesideAsync(int datasetId, DatasetItemFilter filter, long itemId, bool after, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, datasetId, filter);
        var total = await query.CountAsync(cancellationToken);
        var items = after
            ? await query.Where(i => i.Id > itemId).OrderBy(i => i.Id).Take(pageSize).ToListAsync(cancellationToken)
            : (await query.Where(i => i.Id < itemId).OrderByDescending(i => i.Id).Take(pageSize).ToListAsync(cancellationToken)).AsEnumerable().Reverse().ToList();
        var first = items.FirstOrDefault()?.Id;
        var offset = first is null ? 0 : await query.CountAsync(i => i.Id < first, cancellationToken);
        return new DatasetItemPage(items.Select(View).ToList(), total, offset);
    }

    private static IQueryable<DatasetItem> Filtered(PortalDbContext db, int datasetId, DatasetItemFilter filter)
    {
        var query = db.DatasetItems.AsNoTracking().Where(i => i.DatasetId == datasetId);
        if (filter.UnlabelledOnly) query = query.Where(i => i.Label == null);
        else if (!string.IsNullOrEmpty(filter.Label)) query = query.Where(i => i.Label == filter.Label);
        if (filter.Source is { } source) query = query.Where(i => i.Source == source);
        return query;
    }

    private static DatasetItemView View(DatasetItem i) => new(i.Id, i.Source, i.ObjectKey, i.ImageId, i.CatalogItemId, i.Label,
        i.Source == ImageSource.Product ? CatalogPhotos.Url(i.ObjectKey, CatalogPhotos.PhotoSize, CatalogPhotos.PhotoSize)
        : i.ImageId is { } id ? CustomerThumbnailUrl(id) : null);

    public async Task<DatasetLabelCounts> LabelCountsAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await RequireAsync(db, datasetId, cancellationToken);
        var counts = await db.DatasetItems.Where(i => i.DatasetId == datasetId).GroupBy(i => i.Label)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var perLabel = dataset.Labels().ToDictionary(l => l, l => counts.FirstOrDefault(c => c.Key == l)?.Count ?? 0);
        return new DatasetLabelCounts(perLabel, counts.FirstOrDefault(c => c.Key == null)?.Count ?? 0);
    }

    /// <summary>Ready customer images not in the dataset yet whose owners allowed training (analysts see no others), newest first.</summary>
    public async Task<IReadOnlyList<CustomerImageCandidate>> CustomerImageCandidatesAsync(int datasetId, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var images = await db.Images.AsNoTracking()
            .Where(i => i.Status == ImageStatus.Ready && !db.DatasetItems.Any(d => d.DatasetId == datasetId && d.ImageId == i.Id))
            .Where(i => db.ImageTrainingConsents.Any(c => c.UserId == i.OwnerUserId && c.AllowTraining))
            .OrderByDescending(i => i.CreatedAt).Take(take)
            .Select(i => new { i.Id, i.OwnerUserId, i.FileName, i.CreatedAt }).ToListAsync(cancellationToken);
        return images.Select(i => new CustomerImageCandidate(i.Id, i.OwnerUserId, i.FileName, CustomerThumbnailUrl(i.Id), i.CreatedAt)).ToList();
    }

    /// <summary>
    /// A Ready customer image's standard thumbnail for the labelling view, or null when there is none or its owner has not
    /// allowed training (withdrawn since it was added too): analysts see only images they may train on.
    /// </summary>
    public async Task<StoredObject?> OpenCustomerThumbnailAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.AsNoTracking().Where(i => i.Id == imageId && i.Status == ImageStatus.Ready && i.ThumbnailKey != null)
            .Where(i => db.ImageTrainingConsents.Any(c => c.UserId == i.OwnerUserId && c.AllowTraining))
            .Select(i => new { i.OwnerUserId, i.ThumbnailKey }).SingleOrDefaultAsync(cancellationToken);
        return image is null ? null : await spaces.For(image.OwnerUserId).GetAsync(image.ThumbnailKey!, cancellationToken);
    }
}
