using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Portal.Engine.Images;

namespace Portal.Features.Images.Gallery;

/// <summary>Uploads images chosen or dropped, one at a time, each with its own row, progress and error.</summary>
public sealed partial class ImageUploader : IDisposable
{
    private const int MaxFilesPerDrop = 20;
    private const int ChunkBytes = 64 * 1024;

    [Inject] private ImageLibrary Library { get; set; } = default!;

    /// <summary>The signed-in user the images are uploaded for.</summary>
    [Parameter, EditorRequired] public string OwnerId { get; set; } = "";

    /// <summary>Called after each image that was stored.</summary>
    [Parameter] public EventCallback OnUploaded { get; set; }

    private readonly CancellationTokenSource _disposed = new();
    private readonly List<UploadRow> _uploads = [];
    private bool _dragging;
    private bool _uploading;

    private string DropZoneClass => "d-flex align-center justify-center mud-width-full border-2 border-dashed" + (_dragging ? " mud-border-primary mud-primary-hover" : "");

    private async Task OnFilesChosenAsync(IReadOnlyList<IBrowserFile>? files)
    {
        _dragging = false;
        if (files is null || files.Count == 0) return;
        _uploads.RemoveAll(u => u.State is UploadState.Done or UploadState.Failed);
        var batch = files.Select(f => (File: f, Row: new UploadRow(f.Name, f.Size))).ToList();
        _uploads.AddRange(batch.Select(b => b.Row));
        StateHasChanged();

        // One at a time: each file's failure is its own, the rest continue. New choices wait until the batch is done
        // (choosing again replaces the input's files, which would end the reads of this batch).
        _uploading = true;
        try
        {
            foreach (var (file, row) in batch)
            {
                await UploadOneAsync(file, row);
                if (row.State == UploadState.Done) await OnUploaded.InvokeAsync();
                StateHasChanged();
            }
        }
        finally
        {
            _uploading = false;
        }
    }

    private async Task UploadOneAsync(IBrowserFile file, UploadRow row)
    {
        var max = Library.MaxUploadBytes;
        if (file.Size > max)
        {
            row.Fail($"The file is {ImageView.Bytes(file.Size)}; the limit is {ImageView.Bytes(max)}.");
            return;
        }
        try
        {
            row.State = UploadState.Reading;
            using var buffer = new MemoryStream((int)Math.Min(file.Size, int.MaxValue));
            await using (var stream = file.OpenReadStream(max, _disposed.Token))
            {
                var chunk = new byte[ChunkBytes];
                var lastShown = DateTime.UtcNow;
                int read;
                while ((read = await stream.ReadAsync(chunk, _disposed.Token)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    row.Read += read;
                    if (DateTime.UtcNow - lastShown > TimeSpan.FromMilliseconds(100))
                    {
                        lastShown = DateTime.UtcNow;
                        StateHasChanged();
                    }
                }
            }
            row.State = UploadState.Checking;
            StateHasChanged();
            buffer.Position = 0;
            var result = await Library.UploadAsync(OwnerId, file.Name, buffer, _disposed.Token);
            if (result.Succeeded) row.State = UploadState.Done;
            else row.Fail(result.Error ?? "The image was refused.");
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            throw;
        }
        catch (IOException e)
        {
            row.Fail($"The file could not be read: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong belongs to this file; the rest of the batch continues.
            row.Fail($"The upload failed: {e.Message}");
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
