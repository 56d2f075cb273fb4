using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Images;
using Portal.Engine.Models.Predictions;

namespace Portal.Features.Images.Gallery;

/// <summary>One image of the gallery: its thumbnail, size, processing status (the reason and Retry when it failed), facts once Ready, its auto-tags.</summary>
public sealed partial class ImageCard
{
    /// <summary>The image shown.</summary>
    [Parameter, EditorRequired] public ImageAsset Image { get; set; } = default!;

    /// <summary>The image's auto-tags, best first (chips; none: no chips).</summary>
    [Parameter] public IReadOnlyList<TagChip> Tags { get; set; } = [];

    /// <summary>Called with a tag's label when the user picks its chip (the gallery searches for it).</summary>
    [Parameter] public EventCallback<string> OnTagClicked { get; set; }

    /// <summary>The name of the image this one nearly duplicates, when that one is listed.</summary>
    [Parameter] public string? DuplicateOfName { get; set; }

    /// <summary>A deletion is under way (the buttons wait).</summary>
    [Parameter] public bool Deleting { get; set; }

    /// <summary>A retry is under way (the Retry button waits).</summary>
    [Parameter] public bool Retrying { get; set; }

    /// <summary>Called when the user confirmed deleting the image.</summary>
    [Parameter] public EventCallback<ImageAsset> OnDelete { get; set; }

    /// <summary>Called when the user asks to process a Failed image again.</summary>
    [Parameter] public EventCallback<ImageAsset> OnRetry { get; set; }

    private bool _confirm;

    /// <summary>The worker's standard thumbnail once Ready; until then the original, shrunk by the image handler.</summary>
    private string ThumbnailUrl => Image.Status == ImageStatus.Ready && Image.ThumbnailKey is { } key
        ? ImageView.Stored(key)
        : ImageView.Thumbnail(Image.OriginalKey);

    private async Task DeleteAsync()
    {
        await OnDelete.InvokeAsync(Image);
        _confirm = false;
    }

    private static Color StatusColor(ImageStatus status) => status switch
    {
        ImageStatus.Ready => Color.Success,
        ImageStatus.Failed => Color.Error,
        ImageStatus.Processing or ImageStatus.Uploaded => Color.Info,
        _ => Color.Default,
    };
}
