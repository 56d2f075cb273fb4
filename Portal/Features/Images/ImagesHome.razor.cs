using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Engine.Images;
using Portal.Engine.Models.Predictions;
using Portal.Features.Images.Gallery;

namespace Portal.Features.Images;

/// <summary>
/// The customer's gallery: upload (answered at once as Uploaded), each image's processing shown live as the worker moves it
/// to Ready or Failed (the reason and a Retry button), delete; each image's auto-tags as chips, and a search by file name or tag.
/// </summary>
public sealed partial class ImagesHome : IDisposable
{
    [Inject] private ImageLibrary Library { get; set; } = default!;
    [Inject] private ImageTagReader TagReader { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ImagesHome> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private readonly CancellationTokenSource _disposed = new();
    private List<ImageAsset>? _images;
    private IReadOnlyDictionary<Guid, IReadOnlyList<TagChip>> _tags = new Dictionary<Guid, IReadOnlyList<TagChip>>();
    private string _userId = "";
    private bool _deleting;
    private bool _retrying;
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        _userId = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        await LoadAsync();
    }

    /// <summary>What the search box holds: images whose file name or one of whose tags contains it are shown.</summary>
    private string Search { get; set; } = "";

    private async Task LoadAsync()
    {
        _images = await Library.ListAsync(_userId, _disposed.Token);
        _tags = await TagReader.ForOwnerAsync(_userId, _disposed.Token);
    }

    private IReadOnlyList<TagChip> TagsOf(Guid imageId) => _tags.TryGetValue(imageId, out var tags) ? tags : [];

    private List<ImageAsset> Shown => GallerySearch.Filter(_images ?? [], Search, TagsOf);

    private string CountText => Shown.Count == _images?.Count
        ? $"{_images.Count} {(_images.Count == 1 ? "image" : "images")}"
        : $"{Shown.Count} of {_images?.Count} images";

    private void SearchTag(string label) => Search = label;

    private string? NameOf(Guid? imageId) => imageId is { } id ? _images?.FirstOrDefault(i => i.Id == id)?.FileName : null;

    /// <summary>One of the user's images changed (heard live): read the gallery again.</summary>
    private async Task OnImageChangedAsync(Guid imageId)
    {
        if (_disposed.IsCancellationRequested) return;
        await LoadAsync();
    }

    private async Task RetryAsync(ImageAsset image)
    {
        _retrying = true;
        try
        {
            if (!await Library.RetryAsync(_userId, image.Id, _disposed.Token))
                Snackbar.Add($"{image.FileName} is no longer waiting for a retry.", Severity.Info);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogError(e, "Image {Id} could not be sent for processing again", image.Id);
            Snackbar.Add($"{image.FileName} could not be retried: {e.Message}", Severity.Error);
        }
        finally
        {
            _retrying = false;
        }
        await LoadAsync();
    }

    private async Task DeleteAsync(ImageAsset image)
    {
        _deleting = true;
        _error = null;
        try
        {
            if (!await Library.DeleteAsync(_userId, image.Id, _disposed.Token))
                _error = $"{image.FileName} was already gone.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The deletion stops where the store failed and leaves the image listed with its original; deleting again finishes it.
            Log.LogError(e, "Image {Id} could not be deleted", image.Id);
            Snackbar.Add($"{image.FileName} was not deleted: {e.Message}", Severity.Error);
        }
        finally
        {
            _deleting = false;
        }
        await LoadAsync();
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
