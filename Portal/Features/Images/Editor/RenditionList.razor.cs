using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components;
using Portal.Engine.Images;

namespace Portal.Features.Images.Editor;

/// <summary>The saved renditions of one image, each described in words, to download or delete (after a confirmation).</summary>
public sealed partial class RenditionList : IDisposable
{
    [Inject] private ImageLibrary Library { get; set; } = default!;
    [Inject] private ImageUrlSigner Signer { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<RenditionList> Log { get; set; } = default!;

    /// <summary>The image, with its renditions.</summary>
    [Parameter, EditorRequired] public ImageAsset Image { get; set; } = default!;

    /// <summary>The signed-in owner of the image.</summary>
    [Parameter, EditorRequired] public string OwnerId { get; set; } = "";

    /// <summary>Called with the image as stored after a deletion (null when the image itself is gone).</summary>
    [Parameter] public EventCallback<ImageAsset?> ImageChanged { get; set; }

    private readonly CancellationTokenSource _disposed = new();
    private ElementReference _heading;
    private int? _deleting;
    private bool _focusHeading;

    private static string Saved(ImageRendition rendition) => Formats.Timestamp(rendition.CreatedAt);

    private static string Describe(ImageRendition rendition) => RenditionDescription.Of(rendition);

    private async Task DeleteAsync(ImageRendition rendition)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete rendition?",
            $"The rendition \"{Describe(rendition)}\" saved {Saved(rendition)} ({ImageView.Bytes(rendition.SizeBytes)}) will be deleted. The original and other renditions are kept.",
            yesText: "Delete", cancelText: "Keep", options: new DialogOptions { CloseOnEscapeKey = true });
        if (confirmed != true) return;
        _deleting = rendition.Id;
        var image = Image;
        try
        {
            if (await Library.DeleteRenditionAsync(OwnerId, Image.Id, rendition.Id, _disposed.Token))
                Snackbar.Add("Rendition deleted.", Severity.Success);
            else
                Snackbar.Add("This rendition was already deleted.", Severity.Warning);
            image = await Library.FindAsync(OwnerId, Image.Id, _disposed.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogError(e, "Rendition {RenditionId} of image {Id} could not be deleted", rendition.Id, Image.Id);
            Snackbar.Add($"The rendition was not deleted: {e.Message}", Severity.Error);
        }
        finally
        {
            _deleting = null;
        }
        // The deleted row and its button are gone (and the closed dialog has handed focus back to that button):
        // keep keyboard focus at the list rather than losing it to the page.
        _focusHeading = image is not null && image.Renditions.All(r => r.Id != rendition.Id);
        if (!ReferenceEquals(image, Image)) await ImageChanged.InvokeAsync(image);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_focusHeading) return;
        _focusHeading = false;
        await _heading.FocusAsync();
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
