using Microsoft.AspNetCore.Components;
using Portal.Engine.Images;
using Portal.Engine.Models.Predictions;

namespace Portal.Features.Images.Editor;

/// <summary>The image page's "Similar images": the owner's own images nearest by embedding, each a thumbnail linking to its page.</summary>
public sealed partial class SimilarImagesPanel : IDisposable
{
    /// <summary>How many neighbours are shown.</summary>
    public const int Count = 8;

    [Inject] private SimilarImageFinder Finder { get; set; } = default!;
    [Inject] private ILogger<SimilarImagesPanel> Log { get; set; } = default!;

    /// <summary>The image whose neighbours are shown (the signed-in owner's).</summary>
    [Parameter, EditorRequired] public ImageAsset Image { get; set; } = default!;

    private readonly CancellationTokenSource _disposed = new();
    private Guid _shownFor;
    private SimilarImages? _result;
    private string? _error;

    protected override async Task OnParametersSetAsync()
    {
        if (Image.Id == _shownFor && _result is not null) return;
        _shownFor = Image.Id;
        _result = null;
        _error = null;
        try
        {
            _result = await Finder.FindAsync(Image, Count, _disposed.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogError(e, "Similar images of {ImageId} could not be found", Image.Id);
            _error = "Similar images could not be found just now.";
            _result = new SimilarImages(false, []);
        }
    }

    private static string ThumbnailUrl(ImageAsset image) => image.Status == ImageStatus.Ready && image.ThumbnailKey is { } key
        ? ImageView.Stored(key)
        : ImageView.Thumbnail(image.OriginalKey);

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
