using Portal.Engine.Catalog;
using Portal.Features.Images;

namespace Portal.Features.Catalog;

/// <summary>An item as the catalog API returns it.</summary>
public sealed record CatalogItemResponse(
    int Id, string Sku, string Name, string Description, string Category, decimal Price, string Currency,
    int WeightGrams, int Stock, bool IsActive, bool Archived, long Version, DateTime UpdatedAt, string? PhotoUrl)
{
    /// <summary>The size of the rendition <see cref="PhotoUrl"/> points at (scaled to fit inside, never enlarged).</summary>
    public const int PhotoSize = CatalogPhotos.PhotoSize;

    /// <summary>The item with its photo URL signed as the portal's own pages sign theirs, so the image handler serves it.</summary>
    public static CatalogItemResponse From(CatalogItem item, ImageUrlSigner signer) => new(
        item.Id, item.Sku, item.Name, item.Description, item.Category, item.Price, item.Currency,
        item.WeightGrams, item.Stock, item.IsActive, item.ArchivedAt is not null, item.Version, item.UpdatedAt,
        signer.SignOrNull(CatalogPhotos.Url(item.PhotoKey, PhotoSize, PhotoSize)));
}

public sealed record CatalogPageResponse(IReadOnlyList<CatalogItemResponse> Items, int Total, int Page, int PageSize);

/// <summary>
/// A new item, or the new values of an existing one. On update, <see cref="Version"/> is the version
/// the client last read; a newer stored version means someone else changed the item (409).
/// Numbers and <see cref="IsActive"/> are nullable so a field the client left out is refused (see
/// <see cref="MissingFields"/>) instead of becoming 0; description, currency and isActive are optional:
/// a new item gets ""/EUR/true, an update keeps the stored values.
/// </summary>
public sealed record CatalogItemRequest
{
    public string? Sku { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Category { get; init; }
    public decimal? Price { get; init; }
    public string? Currency { get; init; }
    public int? WeightGrams { get; init; }
    public int? Stock { get; init; }
    public bool? IsActive { get; init; }
    public long? Version { get; init; }

    /// <summary>The fields the request must carry, keyed like the other field errors; empty when none is missing.</summary>
    public Dictionary<string, string[]> MissingFields()
    {
        var missing = new Dictionary<string, string[]>();
        void Require(object? value, string field, string json)
        {
            if (value is null) missing[field] = [$"{json} is required."];
        }
        Require(Price, nameof(CatalogItemFields.Price), "price");
        Require(WeightGrams, nameof(CatalogItemFields.WeightGrams), "weightGrams");
        Require(Stock, nameof(CatalogItemFields.Stock), "stock");
        return missing;
    }

    /// <summary>A new item's values; call after <see cref="MissingFields"/> found nothing.</summary>
    public CatalogItemFields ToFields() => new()
    {
        Sku = Sku ?? "", Name = Name ?? "", Description = Description ?? "", Category = Category ?? "",
        Price = Price!.Value, Currency = string.IsNullOrWhiteSpace(Currency) ? "EUR" : Currency,
        WeightGrams = WeightGrams!.Value, Stock = Stock!.Value, IsActive = IsActive ?? true,
    };

    /// <summary>An update: the required fields, and description, currency and isActive only when sent.</summary>
    public CatalogItemPatch ToPatch() => CatalogItemPatch.Full(ToFields()) with
    {
        Description = Description,
        Currency = string.IsNullOrWhiteSpace(Currency) ? null : Currency,
        IsActive = IsActive,
    };
}

public sealed record AuditEntryResponse(DateTime At, string UserName, string Action, IReadOnlyList<Engine.Auditing.FieldChange> Changes);
