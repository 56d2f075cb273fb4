using Portal.Engine.Imaging.Edits;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// sharp's cover strategies (libvips smartcrop). Entropy: repeatedly cuts a slice (an eighth of what is left, at most what
/// still has to go) from whichever edge holds less information, by the entropy of its grey histogram. Attention: scores each
/// pixel by edges (Laplacian of grey), saturated colour and skin tones, and keeps the window of the output size scoring most.
/// </summary>
internal static class SmartCrop
{
    public static SKBitmap Apply(SKBitmap image, SKSizeI size, ResizePosition strategy)
    {
        if (size.Width >= image.Width && size.Height >= image.Height) return image;
        var grey = Grey(image);
        var area = strategy == ResizePosition.Attention
            ? Attention(image, grey, size)
            : Entropy(grey, image.Width, image.Height, size);
        return CanvasOperations.Crop(image, area);
    }

    private static byte[] Grey(SKBitmap image)
    {
        var pixels = image.GetPixelSpan();
        var grey = new byte[image.Width * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            var row = pixels.Slice(y * image.RowBytes, image.Width * 4);
            for (var x = 0; x < image.Width; x++) grey[y * image.Width + x] = StraightAlpha.Luma(row[x * 4], row[x * 4 + 1], row[x * 4 + 2]);
        }
        return grey;
    }

    private static SKRectI Entropy(byte[] grey, int width, int height, SKSizeI size)
    {
        int left = 0, top = 0, w = width, h = height;
        var histogram = new int[256];
        while (w > size.Width)
        {
            var slice = Math.Min(w - size.Width, Math.Max(w / 8, 1));
            if (Score(left, top, slice, h) < Score(left + w - slice, top, slice, h)) left += slice;
            w -= slice;
        }
        while (h > size.Height)
        {
            var slice = Math.Min(h - size.Height, Math.Max(h / 8, 1));
            if (Score(left, top, w, slice) < Score(left, top + h - slice, w, slice)) top += slice;
            h -= slice;
        }
        return SKRectI.Create(left, top, w, h);

        double Score(int x0, int y0, int sw, int sh)
        {
            Array.Clear(histogram);
            for (var y = y0; y < y0 + sh; y++)
                for (var x = x0; x < x0 + sw; x++) histogram[grey[y * width + x]]++;
            double total = sw * sh, entropy = 0;
            foreach (var count in histogram)
                if (count > 0) entropy -= count / total * Math.Log2(count / total);
            return entropy;
        }
    }

    private static SKRectI Attention(SKBitmap image, byte[] grey, SKSizeI size)
    {
        int width = image.Width, height = image.Height;
        var pixels = image.GetPixelSpan();
        // summed-area table of the score, so every window's total is four lookups
        var sums = new double[(width + 1) * (height + 1)];
        for (var y = 0; y < height; y++)
        {
            double rowSum = 0;
            var row = pixels.Slice(y * image.RowBytes, width * 4);
            for (var x = 0; x < width; x++)
            {
                int g = grey[y * width + x];
                var laplacian = 4 * g - At(x - 1, y) - At(x + 1, y) - At(x, y - 1) - At(x, y + 1);
                int r = row[x * 4], gr = row[x * 4 + 1], b = row[x * 4 + 2];
                int max = Math.Max(r, Math.Max(gr, b)), min = Math.Min(r, Math.Min(gr, b));
                var saturated = max - min > 60 ? 64 : 0;
                var skin = r > 95 && gr > 40 && b > 20 && r > gr && r > b && r - min > 15 ? 64 : 0;
                rowSum += Math.Abs(laplacian) + saturated + skin;
                sums[(y + 1) * (width + 1) + x + 1] = sums[y * (width + 1) + x + 1] + rowSum;
            }
        }
        int cw = Math.Min(size.Width, width), ch = Math.Min(size.Height, height);
        (int Left, int Top) best = ((width - cw) / 2, (height - ch) / 2);
        var bestScore = Window(best.Left, best.Top); // ties keep the centre
        for (var top = 0; top <= height - ch; top++)
            for (var left = 0; left <= width - cw; left++)
            {
                var score = Window(left, top);
                if (score > bestScore + 1e-9) (bestScore, best) = (score, (left, top));
            }
        return SKRectI.Create(best.Left, best.Top, cw, ch);

        double Window(int left, int top) => sums[(top + ch) * (width + 1) + left + cw] - sums[top * (width + 1) + left + cw]
                                            - sums[(top + ch) * (width + 1) + left] + sums[top * (width + 1) + left];

        int At(int x, int y) => grey[Math.Clamp(y, 0, height - 1) * width + Math.Clamp(x, 0, width - 1)];
    }
}
