using Portal.Engine.Storage;

namespace Portal.Engine.Imaging;

/// <summary>Overlays from the requesting customer's own space: a key can never reach another customer's images.</summary>
public sealed class CustomerOverlaySource(CustomerImageSpace space, ImageProcessor processor) : IImageOverlaySource
{
    public async Task<byte[]?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (!ObjectKey.IsValid(key))
            throw new ImageRequestException(400, ImageErrorCodes.InvalidEdit, $"The overlay key '{key}' is not valid.");
        await using var stored = await space.GetAsync(key, cancellationToken);
        return stored is null ? null : await processor.ReadLimitedAsync(stored.Content, "overlay image", cancellationToken);
    }
}
