using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;

namespace Portal.Engine.Catalog;

/// <summary>Setting and removing an item's product photo.</summary>
public sealed partial class CatalogService
{
    /// <summary>
    /// Checks the upload like any customer upload (size, format by content, pixels, decodable), stores it as the
    /// item's photo and deletes the previous one. Bad files are <see cref="CatalogOutcome.Invalid"/> with a
    /// <see cref="CatalogPhotos.PhotoField"/> error, and nothing is stored.
    /// </summary>
    public async Task<CatalogResult> SetPhotoAsync(int id, long? expectedVersion, Stream content, string fileName, string user, CancellationToken cancellationToken = default)
    {
        var store = Photos;
        await using (var db = await _dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var existing = await db.CatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (existing is null) return CatalogResult.NotFound;
            if (expectedVersion is { } v && existing.Version != v) return CatalogResult.Conflict(existing);
        }

        var (upload, error) = await Images.ImageUploadCheck.CheckAsync(store.Processor, content, cancellationToken);
        if (upload is null) return PhotoError(error!);

        var key = CatalogPhotos.NewKey(id, upload.Extension);
        await store.Objects.PutAsync(key, new MemoryStream(upload.Bytes), upload.ContentType, cancellationToken: cancellationToken);
        var after = new PhotoState(key, SafeFileName(fileName), upload.Width, upload.Height);
        var result = await ChangePhotoAsync(id, expectedVersion, after, "Photo changed", user, cancellationToken);
        if (!result.Succeeded) await store.DeleteAsync(key, CancellationToken.None);
        return result;
    }

    /// <summary>Removes the item's photo (its object too); Ok without a change when it has none.</summary>
    public Task<CatalogResult> RemovePhotoAsync(int id, long? expectedVersion, string user, CancellationToken cancellationToken = default) =>
        ChangePhotoAsync(id, expectedVersion, null, "Photo removed", user, cancellationToken);

    private async Task<CatalogResult> ChangePhotoAsync(int id, long? expectedVersion, PhotoState? after, string action, string user, CancellationToken cancellationToken)
    {
        var store = Photos;
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.CatalogItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return CatalogResult.NotFound;
        if (expectedVersion is { } version && item.Version != version) return CatalogResult.Conflict(item);
        var previousKey = item.PhotoKey;
        if (after is null && previousKey is null) return CatalogResult.Ok(item);

        item.PhotoKey = after?.PhotoKey;
        db.AuditEntries.Add(AuditTrail.Entry(AuditEntityType, id, action, user, Now,
            previousKey is null ? null : new PhotoState(previousKey, null, null, null), after));
        var result = await SaveGuardedAsync(db, item, user, cancellationToken);
        if (result.Succeeded && previousKey is not null) await store.DeleteAsync(previousKey, CancellationToken.None);
        return result;
    }

    /// <summary>What the audit trail records of a photo change.</summary>
    private sealed record PhotoState(string PhotoKey, string? FileName, int? Width, int? Height);

    private CatalogPhotos Photos => _photos ?? throw new InvalidOperationException("Product photos need CatalogPhotos (the catalog image space) to be registered.");

    private static CatalogResult PhotoError(string message) =>
        CatalogResult.Invalid(new Dictionary<string, string[]> { [CatalogPhotos.PhotoField] = [message] });

    private static string SafeFileName(string? fileName) => Storage.FileNames.Safe(fileName, "image");
}
