using Portal.Engine.Models.Embeddings;

namespace Portal.Tests.Features.Models;

/// <summary>The shared ResNet18 embedder behind a gate a test can close, so a backfill is caught while it runs.</summary>
internal sealed class GatedEmbedder(IImageEmbedder inner) : IImageEmbedder, IDisposable
{
    private readonly ManualResetEventSlim _open = new(initialState: true);

    public string Model => inner.Model;
    public int Dimensions => inner.Dimensions;

    public void Close() => _open.Reset();
    public void Open() => _open.Set();

    public float[] Embed(ReadOnlySpan<byte> encodedImage)
    {
        if (!_open.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("The test never opened the embedder's gate.");
        return inner.Embed(encodedImage);
    }

    public void Dispose()
    {
        _open.Set(); // nothing stays blocked on a test that failed
        _open.Dispose();
    }
}
