using Portal.Engine.Models.Embeddings;

namespace Portal.Engine.Models.Datasets;

/// <summary>A dataset as the list shows it.</summary>
public sealed record DatasetSummary(int Id, string Name, string? Description, DatasetKind Kind, IReadOnlyList<string> Labels,
    int ItemCount, int LabelledCount, int VersionCount, DateTime UpdatedAt);

/// <summary>Which items a page shows: all, only unlabelled ones, or one label's; optionally one source.</summary>
public sealed record DatasetItemFilter(bool UnlabelledOnly = false, string? Label = null, ImageSource? Source = null);

/// <summary>An item with what a page needs to show it: its thumbnail's URL.</summary>
public sealed record DatasetItemView(long Id, ImageSource Source, string ObjectKey, Guid? ImageId, int? CatalogItemId,
    string? Label, string? ThumbnailUrl);

/// <summary>A page of items, the filtered list's size, and how many of the list come before the page's first item.</summary>
public sealed record DatasetItemPage(IReadOnlyList<DatasetItemView> Items, int Total, int Offset = 0);

/// <summary>Items per label and how many are not labelled yet.</summary>
public sealed record DatasetLabelCounts(IReadOnlyDictionary<string, int> PerLabel, int Unlabelled)
{
    public int Labelled => PerLabel.Values.Sum();
    public int Total => Labelled + Unlabelled;
}

/// <summary>A Ready customer image an analyst may add to a dataset.</summary>
public sealed record CustomerImageCandidate(Guid ImageId, string OwnerUserId, string FileName, string? ThumbnailUrl, DateTime CreatedAt);

/// <summary>What importing a manifest did: the dataset (null when nothing could be imported) and each line it refused.</summary>
public sealed record ManifestImportResult(ModelDataset? Dataset, int Imported, IReadOnlyList<ManifestLineProblem> Problems);

public sealed record ManifestLineProblem(int Line, string Problem);
