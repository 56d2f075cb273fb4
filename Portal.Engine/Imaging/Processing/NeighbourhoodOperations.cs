using Portal.Engine.Imaging.Edits;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// sharp's operations on each pixel's surroundings: median, convolve and clahe. Edges repeat the border pixels; each works
/// channel by channel on straight (not premultiplied) values with sliding histograms or sums, no allocation per pixel.
/// </summary>
internal static class NeighbourhoodOperations
{
    /// <summary>libvips median: each channel the middle value of the size x size window.</summary>
    public static SKBitmap Median(SKBitmap image, int size, WorkBudget budget) => StraightAlpha.Edit(image, (pixels, width, height, rowBytes) =>
    {
        var source = pixels.ToArray();
        var half = size / 2;
        var rank = size * size / 2;
        var histogram = new int[256];
        for (var c = 0; c < 4; c++)
        {
            if (c == 3 && image.AlphaType == SKAlphaType.Opaque) break;
            for (var y = 0; y < height; y++)
            {
                budget.ThrowIfSpent(); // a large window on a large image is long work: checked row by row
                Array.Clear(histogram);
                for (var dy = -half; dy < size - half; dy++)
                    for (var dx = -half; dx < size - half; dx++)
                        histogram[source[At(dx, y + dy, c)]]++;
                for (var x = 0; x < width; x++)
                {
                    if (x > 0)
                        for (var dy = -half; dy < size - half; dy++)
                        {
                            histogram[source[At(x - 1 - half, y + dy, c)]]--;
                            histogram[source[At(x + size - 1 - half, y + dy, c)]]++;
                        }
                    int value = 0, seen = histogram[0];
                    while (seen <= rank) seen += histogram[++value];
                    pixels[y * rowBytes + x * 4 + c] = (byte)value;
                }
            }
        }
        int At(int x, int y, int c) => Math.Clamp(y, 0, height - 1) * rowBytes + Math.Clamp(x, 0, width - 1) * 4 + c;
    });

    /// <summary>libvips conv: each channel sum(kernel * window) / scale + offset, the kernel laid over the window row by row.</summary>
    public static SKBitmap Convolve(SKBitmap image, ConvolveEdit edit, WorkBudget budget) => StraightAlpha.Edit(image, (pixels, width, height, rowBytes) =>
    {
        var source = pixels.ToArray();
        int kw = edit.Width, kh = edit.Height, hx = kw / 2, hy = kh / 2;
        var kernel = edit.Kernel.Select(k => (float)k).ToArray();
        var (scale, offset) = ((float)edit.Scale, (float)edit.Offset);
        var channels = image.AlphaType == SKAlphaType.Opaque ? 3 : 4;
        var columns = new int[kw];
        for (var y = 0; y < height; y++)
        {
            budget.ThrowIfSpent();
            for (var x = 0; x < width; x++)
            {
                for (var i = 0; i < kw; i++) columns[i] = Math.Clamp(x + i - hx, 0, width - 1) * 4;
                for (var c = 0; c < channels; c++)
                {
                    var sum = 0f;
                    for (var j = 0; j < kh; j++)
                    {
                        var rowStart = Math.Clamp(y + j - hy, 0, height - 1) * rowBytes + c;
                        var k = j * kw;
                        for (var i = 0; i < kw; i++) sum += kernel[k + i] * source[rowStart + columns[i]];
                    }
                    pixels[y * rowBytes + x * 4 + c] = (byte)Math.Clamp(MathF.Round(sum / scale + offset), 0, 255);
                }
            }
        }
    });

    /// <summary>
    /// libvips hist_local (sharp's clahe): each pixel becomes its rank in the histogram of the width x height window around it,
    /// the histogram's bins clipped at max slope times the mean bin (0: no limit). The window mirrors at the edges.
    /// </summary>
    public static SKBitmap Clahe(SKBitmap image, ClaheEdit edit, WorkBudget budget) => StraightAlpha.Edit(image, (pixels, width, height, rowBytes) =>
    {
        var source = pixels.ToArray();
        int w = edit.Width, h = edit.Height, hx = w / 2, hy = h / 2, count = w * h;
        var limit = edit.MaxSlope > 0 ? Math.Max(1, edit.MaxSlope * count / 256) : int.MaxValue;
        var histogram = new int[256];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
            {
                budget.ThrowIfSpent();
                Array.Clear(histogram);
                for (var dy = 0; dy < h; dy++)
                    for (var dx = 0; dx < w; dx++)
                        histogram[Sample(dx - hx, y + dy - hy, c)]++;
                for (var x = 0; x < width; x++)
                {
                    if (x > 0)
                        for (var dy = 0; dy < h; dy++)
                        {
                            histogram[Sample(x - 1 - hx, y + dy - hy, c)]--;
                            histogram[Sample(x + w - 1 - hx, y + dy - hy, c)]++;
                        }
                    var target = source[y * rowBytes + x * 4 + c];
                    long below = 0, over = 0;
                    for (var v = 0; v < 256; v++)
                    {
                        var clipped = Math.Min(histogram[v], limit);
                        over += histogram[v] - clipped;
                        if (v <= target) below += clipped;
                    }
                    // what the clipping removed is spread evenly over all bins
                    var rank = below + over * (target + 1) / 256;
                    pixels[y * rowBytes + x * 4 + c] = (byte)Math.Clamp(255 * rank / count, 0, 255);
                }
            }
        byte Sample(int x, int y, int c) => source[Mirror(y, height) * rowBytes + Mirror(x, width) * 4 + c];
    });

    /// <summary>An index reflected back into 0..<paramref name="size"/>-1 (edge not repeated).</summary>
    private static int Mirror(int i, int size)
    {
        if (size == 1) return 0;
        var period = 2 * (size - 1);
        i = ((i % period) + period) % period;
        return i < size ? i : period - i;
    }
}
