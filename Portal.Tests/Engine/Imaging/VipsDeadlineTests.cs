using Portal.Engine.Imaging.Processing;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// libvips' decoding of TIFF, AVIF and SVG sources is stopped (killed) when the request is cancelled or its time is up,
/// rather than left to finish: a costly SVG cannot hold a slot past the time limit.
/// </summary>
public sealed class VipsDeadlineTests
{
    [Fact]
    public void A_cancelled_request_kills_the_libvips_work()
    {
        using var image = NetVips.Image.Black(3000, 3000, bands: 4);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // Evaluate does not check the budget itself: it throws only when libvips stopped with an error, here the kill's
        // (libvips clears the kill flag when its workers see it, so the flag cannot be read afterwards).
        var stopped = Assert.Throws<OperationCanceledException>(() => VipsSource.Evaluate(image, WorkBudget.Unlimited(cancelled.Token)));
        Assert.IsType<NetVips.VipsException>(stopped.InnerException);
    }

    [Fact]
    public void A_budget_with_time_left_gets_every_pixel()
    {
        using var image = NetVips.Image.Black(300, 200, bands: 4);
        var pixels = VipsSource.Evaluate(image, WorkBudget.For(TimeSpan.FromHours(1), CancellationToken.None));
        Assert.Equal(300 * 200 * 4, pixels.Length);
    }
}
