using Portal.Engine.Images;
using Portal.Engine.Models.Predictions;

namespace Portal.Features.Images.Gallery;

/// <summary>The gallery's search: an image matches when its file name or one of its auto-tags contains the text (any case).</summary>
public static class GallerySearch
{
    public static List<ImageAsset> Filter(IReadOnlyList<ImageAsset> images, string? search, Func<Guid, IReadOnlyList<TagChip>> tagsOf)
    {
        var text = search?.Trim() ?? "";
        if (text.Length == 0) return images.ToList();
        return images.Where(i => i.FileName.Contains(text, StringComparison.OrdinalIgnoreCase)
            || tagsOf(i.Id).Any(t => t.Label.Contains(text, StringComparison.OrdinalIgnoreCase))).ToList();
    }
}
