using Microsoft.Extensions.Options;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Storage;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>Requests are answered from the requesting customer's own space only.</summary>
public sealed class CustomerImageRendererTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("portal-render-").FullName;
    private readonly CustomerImageSpaces _spaces;
    private readonly ImageProcessor _processor = new(new ImagingOptions());
    private readonly CustomerImageRenderer _renderer;
    private readonly string _alice = Guid.NewGuid().ToString(), _bob = Guid.NewGuid().ToString();

    public CustomerImageRendererTests()
    {
        _spaces = new CustomerImageSpaces(new FileSystemObjectStore(_root), Options.Create(new ObjectStoreOptions()));
        _renderer = new CustomerImageRenderer(_spaces, _processor);
    }

    public void Dispose()
    {
        _processor.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static ImageRequest Thumbor(string path) => ImageRequestParser.Parse(path, null, false);

    [Fact]
    public async Task A_customer_gets_their_own_image_rendered_with_an_overlay_from_their_space()
    {
        var alice = _spaces.For(_alice);
        await alice.PutAsync("photos/white.png", new MemoryStream(Png(Flat(100, 50, SKColors.White))), "image/png");
        await alice.PutAsync("logo.png", new MemoryStream(Png(Flat(10, 10, SKColors.Red))), "image/png");

        var rendered = await _renderer.RenderAsync(_alice, Thumbor("/50x25/filters:format(png):watermark(,logo.png,0,0,0)/photos/white.png"));
        Assert.Equal((50, 25), (rendered.Image.Width, rendered.Image.Height));
        Assert.Equal("photos/white.png", rendered.Source.Key);
        using var pixels = Decode(rendered.Image.Content);
        Assert.True(Near(Pixel(pixels, 2, 2), SKColors.Red, 2));
        Assert.True(Near(Pixel(pixels, 40, 20), SKColors.White, 2));
    }

    [Fact]
    public async Task Another_customers_image_is_not_found()
    {
        await _spaces.For(_alice).PutAsync("photo.png", new MemoryStream(Png(Flat(10, 10, SKColors.White))), "image/png");
        var error = await Assert.ThrowsAsync<ImageRequestException>(() => _renderer.RenderAsync(_bob, Thumbor("/5x5/photo.png")));
        Assert.Equal((404, ImageErrorCodes.NoSuchKey), (error.Status, error.Code));
    }

    [Fact]
    public async Task Another_customers_overlay_is_not_found()
    {
        await _spaces.For(_alice).PutAsync("logo.png", new MemoryStream(Png(Flat(10, 10, SKColors.Red))), "image/png");
        await _spaces.For(_bob).PutAsync("photo.png", new MemoryStream(Png(Flat(10, 10, SKColors.White))), "image/png");
        var error = await Assert.ThrowsAsync<ImageRequestException>(() => _renderer.RenderAsync(_bob, Thumbor("/filters:watermark(,logo.png,0,0)/photo.png")));
        Assert.Equal(ImageErrorCodes.NoSuchKey, error.Code);
    }

    [Fact]
    public async Task A_bucket_other_than_the_customers_is_forbidden()
    {
        var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
            _renderer.RenderAsync(_bob, ImageRequestParser.Parse(DefaultRequestTests.Encode("""{"bucket":"someone-elses","key":"photo.png"}"""), null, false)));
        Assert.Equal((403, ImageErrorCodes.CannotAccessBucket), (error.Status, error.Code));
    }

    [Fact]
    public async Task Without_edits_the_stored_bytes_come_back()
    {
        var bytes = Jpeg(Photo(30, 20));
        await _spaces.For(_alice).PutAsync("a.jpg", new MemoryStream(bytes), "image/jpeg");
        var rendered = await _renderer.RenderAsync(_alice, Thumbor("/a.jpg"));
        Assert.True(rendered.Image.IsOriginal);
        Assert.Equal(bytes, rendered.Image.Content);
    }
}
