using Portal.Engine.Imaging.Processing;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The fixed-point Lanczos resampler: weights, flat areas, and the SIMD path matching the scalar one.</summary>
[Collection(nameof(ResamplerTests))] // switches the process-wide SIMD flag
public sealed class ResamplerTests
{
    [Theory]
    [InlineData(1000, 0, 1000, 137)]
    [InlineData(640, 10.5, 300.25, 301)]
    [InlineData(5, 0, 5, 40)]
    [InlineData(3, 0, 3, 1)]
    public void Weights_of_each_output_pixel_sum_to_one_and_stay_inside_the_source(int source, double start, double length, int output)
    {
        var weights = ResampleWeights.Lanczos3(source, start, length, output);
        for (var i = 0; i < output; i++)
        {
            Assert.Equal(1 << ResampleWeights.Precision, weights.Weights.AsSpan(i * weights.Taps, weights.Taps).ToArray().Sum(w => (int)w));
            Assert.InRange(weights.Start[i], 0, source - weights.Taps);
        }
    }

    [Fact]
    public void A_flat_image_stays_flat()
    {
        var source = Pixels(97, 61, (x, y, c) => c == 3 ? (byte)255 : (byte)(40 * c + 30));
        var target = Resample(source, 97, 61, 0, 0, 97, 61, 33, 20);
        for (var i = 0; i < target.Length; i += 4) Assert.Equal([30, 70, 110, 255], target[i..(i + 4)]);
    }

    [Theory]
    [InlineData(301, 173, 0, 0, 301, 173, 95, 57)]
    [InlineData(200, 100, 13.3, 7.7, 150.1, 80.9, 61, 33)]
    [InlineData(37, 29, 0, 0, 37, 29, 111, 90)]
    [InlineData(9, 9, 0, 0, 9, 9, 3, 2)]
    public void The_simd_path_gives_exactly_the_scalar_paths_pixels(int width, int height, double x, double y, double w, double h, int outWidth, int outHeight)
    {
        var random = new Random(width * 31 + height);
        var source = Pixels(width, height, (_, _, _) => (byte)random.Next(256));
        var simd = Resampler.UseSimd;
        try
        {
            foreach (var verticalFirst in new[] { false, true })
            {
                Resampler.VerticalFirst = verticalFirst;
                Resampler.UseSimd = true;
                var fast = Resample(source, width, height, x, y, w, h, outWidth, outHeight);
                Resampler.UseSimd = false;
                var plain = Resample(source, width, height, x, y, w, h, outWidth, outHeight);
                Assert.Equal(plain, fast);
            }
        }
        finally
        {
            Resampler.UseSimd = simd;
            Resampler.VerticalFirst = null;
        }
    }

    [Theory]
    [InlineData(301, 173, 0, 0, 301, 173, 95, 57)]
    [InlineData(200, 100, 13.3, 7.7, 150.1, 80.9, 61, 33)]
    [InlineData(37, 29, 0, 0, 37, 29, 111, 90)]
    public void Rows_first_and_columns_first_differ_by_rounding_only(int width, int height, double x, double y, double w, double h, int outWidth, int outHeight)
    {
        // Smooth content: no overshoot past 0 or 255, so the two orders differ only by where the 8-bit rounding falls.
        var source = Pixels(width, height, (px, py, c) => c == 3 ? (byte)255 : (byte)(100 + 40 * Math.Sin(px * 0.07 + c) + 40 * Math.Cos(py * 0.05)));
        try
        {
            Resampler.VerticalFirst = false;
            var columnsFirst = Resample(source, width, height, x, y, w, h, outWidth, outHeight);
            Resampler.VerticalFirst = true;
            var rowsFirst = Resample(source, width, height, x, y, w, h, outWidth, outHeight);
            for (var i = 0; i < rowsFirst.Length; i++) Assert.InRange(rowsFirst[i] - columnsFirst[i], -1, 1);
        }
        finally
        {
            Resampler.VerticalFirst = null;
        }
    }

    [Fact]
    public void Padding_at_the_end_of_source_rows_is_never_read()
    {
        const int width = 120, height = 90, padding = 24;
        var random = new Random(7);
        var source = Pixels(width, height, (_, _, _) => (byte)random.Next(256));
        var padded = new byte[(width * 4 + padding) * height];
        for (var y = 0; y < height; y++)
        {
            source.AsSpan(y * width * 4, width * 4).CopyTo(padded.AsSpan(y * (width * 4 + padding)));
            padded.AsSpan(y * (width * 4 + padding) + width * 4, padding).Fill(255);
        }
        try
        {
            foreach (var verticalFirst in new[] { false, true })
            {
                Resampler.VerticalFirst = verticalFirst;
                var expected = Resample(source, width, height, 3.5, 2.25, 110, 80, 41, 29);
                var target = new byte[41 * 29 * 4];
                Resampler.Resample(new PixelBuffer(padded, width, height, width * 4 + padding), 3.5, 2.25, 110, 80,
                    new PixelBuffer(target, 41, 29, 41 * 4), premultiplied: false);
                Assert.Equal(expected, target);
            }
        }
        finally
        {
            Resampler.VerticalFirst = null;
        }
    }

    [Fact]
    public void Premultiplied_colour_never_exceeds_alpha()
    {
        var source = Pixels(40, 40, (x, _, c) => x % 2 == 0 ? (byte)255 : c == 3 ? (byte)10 : (byte)10);
        var target = Resample(source, 40, 40, 0, 0, 40, 40, 17, 17, premultiplied: true);
        for (var i = 0; i < target.Length; i += 4)
            Assert.True(target[i] <= target[i + 3] && target[i + 1] <= target[i + 3] && target[i + 2] <= target[i + 3]);
    }

    private static byte[] Pixels(int width, int height, Func<int, int, int, byte> value)
    {
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                for (var c = 0; c < 4; c++)
                    pixels[(y * width + x) * 4 + c] = value(x, y, c);
        return pixels;
    }

    private static byte[] Resample(byte[] source, int width, int height, double x, double y, double w, double h, int outWidth, int outHeight, bool premultiplied = false)
    {
        var target = new byte[outWidth * outHeight * 4];
        Resampler.Resample(new PixelBuffer(source, width, height, width * 4), x, y, w, h, new PixelBuffer(target, outWidth, outHeight, outWidth * 4), premultiplied);
        return target;
    }
}
