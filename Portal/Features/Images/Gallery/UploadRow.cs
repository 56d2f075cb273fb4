using MudBlazor;

namespace Portal.Features.Images.Gallery;

public enum UploadState { Waiting, Reading, Checking, Done, Failed }

/// <summary>One chosen file on its way into the library: how much is read, where it is, and why it was refused.</summary>
public sealed class UploadRow(string name, long size)
{
    public string Name { get; } = name;
    public long Size { get; } = size;
    public long Read { get; set; }
    public UploadState State { get; set; } = UploadState.Waiting;
    public string? Error { get; private set; }
    public double Percent => State is UploadState.Done or UploadState.Checking ? 100 : Size == 0 ? 0 : 100.0 * Read / Size;

    public void Fail(string message)
    {
        State = UploadState.Failed;
        Error = message;
    }

    public string StatusText => State switch
    {
        UploadState.Waiting => "Waiting",
        UploadState.Reading => $"Uploading {Percent:0}%",
        UploadState.Checking => "Checking the image…",
        UploadState.Done => "Uploaded",
        _ => "Refused",
    };

    public string Icon => State switch
    {
        UploadState.Done => Icons.Material.Filled.CheckCircle,
        UploadState.Failed => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.Upload,
    };

    public Color Color => State switch
    {
        UploadState.Done => Color.Success,
        UploadState.Failed => Color.Error,
        _ => Color.Primary,
    };
}
