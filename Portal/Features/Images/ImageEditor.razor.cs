using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using Portal.Features.Images.Editor;

namespace Portal.Features.Images;

/// <summary>
/// Edits one of the user's images with a live preview, saves the result as a rendition, lists the saved renditions and
/// deletes the image. The controls live in <see cref="ImageEditorState"/>; each change previews again after a quiet time.
/// </summary>
public sealed partial class ImageEditor : IDisposable
{
    [Inject] private ImageLibrary Library { get; set; } = default!;
    [Inject] private ILogger<ImageEditor> Log { get; set; } = default!;

    /// <summary>Quiet time after the last change before a preview is made (tests shorten it).</summary>
    [Parameter] public TimeSpan PreviewDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest side the live preview is drawn at; the output itself keeps its size.</summary>
    [Parameter] public int PreviewMaxSide { get; set; } = PreviewCap.DefaultMaxSide;

    [Parameter] public Guid Id { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private readonly ImageEditorState _state = new();
    private readonly CancellationTokenSource _disposed = new();
    private LivePreview _preview = default!;
    private string _userId = "";
    private bool _loading = true;
    private ImageAsset? _image;
    private bool _saving;
    private string? _saveError;

    /// <summary>The quality to send: only formats that have one (JPEG, WebP), whether chosen or the original's.</summary>
    private int? Quality => _state.QualityFor(ImageFormats.Parse(_image?.ContentType.Replace("image/", "")));

    protected override void OnInitialized() => _preview = new LivePreview(Library, Log, () => InvokeAsync(StateHasChanged));

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _userId = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        _image = await Library.FindAsync(_userId, Id, _disposed.Token);
        _loading = false;
        // The prerendered HTML is replaced as soon as the circuit starts: preview only there.
        if (_image is not null && RendererInfo.IsInteractive) Preview(TimeSpan.Zero);
    }

    private Task EditChangedAsync()
    {
        _saveError = null;
        Preview(PreviewDelay);
        return Task.CompletedTask;
    }

    private void Preview(TimeSpan delay)
    {
        var request = _state.Problems.Count > 0 ? null : new ImageRequest(null, _image!.OriginalKey, _state.ToEdits(), _state.OutputFormat, Quality);
        _preview.Start(_userId, request, PreviewMaxSide, delay);
    }

    private async Task SaveAsync()
    {
        if (_image is null || _state.Problems.Count > 0) return;
        _saving = true;
        _saveError = null;
        try
        {
            var rendition = await Library.SaveRenditionAsync(_userId, _image.Id, _state.ToEdits(), _state.OutputFormat, Quality, _disposed.Token);
            if (rendition is null)
            {
                _saveError = "This image no longer exists.";
                return;
            }
            _image = await Library.FindAsync(_userId, _image.Id, _disposed.Token) ?? _image;
        }
        catch (ImageRequestException e)
        {
            _saveError = e.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    private Task ResetAsync()
    {
        _state.Reset();
        return EditChangedAsync();
    }

    private void ImageChanged(ImageAsset? image) => _image = image;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        _preview?.Dispose();
    }
}
