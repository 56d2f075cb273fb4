using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images.Api;

/// <summary>One app for the image API's tests, with a small upload limit so a too-large file is cheap to send.</summary>
public sealed class ImageApiApp : IDisposable
{
    public const int MaxUploadBytes = 200 * 1024;

    public PortalAppFactory Factory { get; } = new(new Dictionary<string, string?> { ["Imaging:MaxInputBytes"] = MaxUploadBytes.ToString() });

    public void Dispose() => Factory.Dispose();
}
