using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Processing;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Storage;

namespace Portal.Engine.Imaging;

/// <summary>A rendered image and what is known about its source (for Last-Modified and ETag headers).</summary>
public sealed record RenderedImage(ProcessedImage Image, ObjectInfo Source);

/// <summary>
/// Answers an image request from one customer's own space: the source and any overlay are read through
/// <see cref="CustomerImageSpace"/>, so a request can never reach another customer's images. A request naming a
/// bucket other than the customer's is a 403 (<c>ImageBucket::CannotAccessBucket</c>), a missing image a 404 (<c>NoSuchKey</c>).
/// Renditions cached under <c>cache/</c> are not sources (they are not found).
/// </summary>
public sealed class CustomerImageRenderer(CustomerImageSpaces spaces, ImageProcessor processor)
{
    /// <summary>The request's source as stored, without reading it; the same refusals as <see cref="RenderAsync"/>.</summary>
    public async Task<ObjectInfo> FindSourceAsync(string ownerId, ImageRequest request, CancellationToken cancellationToken = default)
    {
        var space = SpaceFor(ownerId, request);
        return await space.HeadAsync(request.Key, cancellationToken) ?? throw NoSuchKey(request);
    }

    /// <summary>Renders for a signed-in customer (<see cref="ImageCaller.SignedIn"/>'s budget).</summary>
    public Task<RenderedImage> RenderAsync(string ownerId, ImageRequest request, CancellationToken cancellationToken = default) =>
        RenderAsync(ownerId, request, ImageCaller.SignedIn, cancellationToken);

    /// <summary>Renders within <paramref name="caller"/>'s work budget.</summary>
    public async Task<RenderedImage> RenderAsync(string ownerId, ImageRequest request, ImageCaller caller, CancellationToken cancellationToken = default)
    {
        var space = SpaceFor(ownerId, request);
        await using var stored = await space.GetAsync(request.Key, cancellationToken) ?? throw NoSuchKey(request);
        var bytes = await processor.ReadLimitedAsync(stored.Content, "image", cancellationToken);
        var image = await processor.ProcessAsync(bytes, request, new CustomerOverlaySource(space, processor), caller, cancellationToken);
        return new RenderedImage(image, stored.Info);
    }

    private CustomerImageSpace SpaceFor(string ownerId, ImageRequest request)
    {
        var space = spaces.For(ownerId);
        CheckBucket(request.Bucket, space);
        if (request.Edits.Overlay is { } overlay) CheckBucket(overlay.Bucket, space);
        if (RenditionCache.IsCached(request.Key)) throw NoSuchKey(request);
        return space;
    }

    private static ImageRequestException NoSuchKey(ImageRequest request) =>
        new(404, ImageErrorCodes.NoSuchKey, $"The image {request.Key} does not exist or the request may not be base64 encoded properly.");

    private static void CheckBucket(string? bucket, CustomerImageSpace space)
    {
        if (bucket is not null && bucket != space.Bucket)
            throw new ImageRequestException(403, ImageErrorCodes.CannotAccessBucket, "Access to the bucket you requested is not allowed.");
    }
}
