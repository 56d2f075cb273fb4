using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// Separable Lanczos-3 resampling of 4-byte pixels (RGBA or BGRA, premultiplied or opaque) in fixed point,
/// horizontally then vertically, with SSE4.1/AVX2 where the CPU has them. Skia's own high-quality
/// (cubic) scaler is a 2-D filter costing several times more; this one matches sharp's kernel.
/// </summary>
internal static class Resampler
{
    /// <summary>Off in tests to check the scalar path gives the same pixels.</summary>
    internal static bool UseSimd { get; set; } = Sse41.IsSupported && Ssse3.IsSupported;

    /// <summary>Null: the cheaper order; true or false forces filtering the rows (vertical) or the columns first (tests, bench).</summary>
    internal static bool? VerticalFirst { get; set; }

    private const int Round = 1 << (ResampleWeights.Precision - 1);

    /// <summary>
    /// Resamples the region (<paramref name="x"/>, <paramref name="y"/>, <paramref name="width"/>, <paramref name="height"/>,
    /// fractional source pixels) of <paramref name="source"/> into the whole of <paramref name="target"/>.
    /// </summary>
    public static void Resample(PixelBuffer source, double x, double y, double width, double height, PixelBuffer target, bool premultiplied)
    {
        var columns = ResampleWeights.Lanczos3(source.Width, x, width, target.Width);
        var rows = ResampleWeights.Lanczos3(source.Height, y, height, target.Height);
        if (VerticalFirst ?? VerticalFirstIsCheaper(columns, rows, target)) ResampleVerticalFirst(source, columns, rows, target);
        else ResampleHorizontalFirst(source, columns, rows, target);
        if (premultiplied)
            for (var r = 0; r < target.Height; r++) ClampToAlpha(target.Row(r));
    }

    /// <summary>
    /// A horizontal tap costs about three vertical ones (a pixel's shuffle and sum against 8 bytes at once): a shrink that reads
    /// many more source rows than it writes (P1's 1507x848 to 800x450) is cheaper filtering the rows down first.
    /// </summary>
    private static bool VerticalFirstIsCheaper(ResampleWeights columns, ResampleWeights rows, PixelBuffer target)
    {
        long rowCount = rows.Last - rows.First + 1, columnCount = columns.Last - columns.First + 1;
        long output = (long)target.Width * target.Height;
        var horizontalFirst = rowCount * target.Width * columns.Taps * 3 + output * rows.Taps;
        var verticalFirst = columnCount * target.Height * rows.Taps + output * columns.Taps * 3;
        return verticalFirst < horizontalFirst;
    }

    private static void ResampleHorizontalFirst(PixelBuffer source, ResampleWeights columns, ResampleWeights rows, PixelBuffer target)
    {
        var firstRow = rows.First;
        var rowCount = rows.Last - firstRow + 1;
        var stride = target.Width * 4;
        var temporary = ArrayPool<byte>.Shared.Rent(rowCount * stride + 32);
        try
        {
            for (var r = 0; r < rowCount; r++)
                Horizontal(source.Row(firstRow + r), 0, temporary.AsSpan(r * stride, stride), columns);
            for (var r = 0; r < target.Height; r++)
                Vertical(temporary, stride, rows.Start[r] - firstRow, rows.Taps, rows.Weights.AsSpan(r * rows.Taps, rows.Taps), target.Row(r));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(temporary);
        }
    }

    /// <summary>Each output row: the source rows under it filtered into one row of the columns used, then that row horizontally.</summary>
    private static void ResampleVerticalFirst(PixelBuffer source, ResampleWeights columns, ResampleWeights rows, PixelBuffer target)
    {
        var firstColumn = columns.First;
        var stride = (columns.Last - firstColumn + 1) * 4;
        var temporary = ArrayPool<byte>.Shared.Rent(stride + 32);
        try
        {
            var window = source.Pixels[(firstColumn * 4)..];
            for (var r = 0; r < target.Height; r++)
            {
                Vertical(window, source.RowBytes, rows.Start[r], rows.Taps, rows.Weights.AsSpan(r * rows.Taps, rows.Taps), temporary.AsSpan(0, stride));
                Horizontal(temporary.AsSpan(0, stride), firstColumn, target.Row(r), columns);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(temporary);
        }
    }

    /// <param name="origin">The source pixel <paramref name="source"/> starts at (the weights' Start values count from pixel 0).</param>
    private static void Horizontal(ReadOnlySpan<byte> source, int origin, Span<byte> target, ResampleWeights columns)
    {
        if (UseSimd) HorizontalSimd(source, origin, target, columns);
        else HorizontalScalar(source, origin, target, columns);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalScalar(ReadOnlySpan<byte> source, int origin, Span<byte> target, ResampleWeights columns)
    {
        var taps = columns.Taps;
        for (var i = 0; i < columns.Start.Length; i++)
        {
            var weights = columns.Weights.AsSpan(i * taps, taps);
            var pixels = source.Slice((columns.Start[i] - origin) * 4, taps * 4);
            int c0 = Round, c1 = Round, c2 = Round, c3 = Round;
            for (var k = 0; k < taps; k++)
            {
                int w = weights[k];
                c0 += pixels[k * 4] * w;
                c1 += pixels[k * 4 + 1] * w;
                c2 += pixels[k * 4 + 2] * w;
                c3 += pixels[k * 4 + 3] * w;
            }
            target[i * 4] = Clamp(c0);
            target[i * 4 + 1] = Clamp(c1);
            target[i * 4 + 2] = Clamp(c2);
            target[i * 4 + 3] = Clamp(c3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalSimd(ReadOnlySpan<byte> source, int origin, Span<byte> target, ResampleWeights columns)
    {
        var taps = columns.Taps;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var weightsRef = ref MemoryMarshal.GetArrayDataReference(columns.Weights);
        // Two pixels' bytes -> 16-bit [c0 of p0, c0 of p1, c1 of p0, c1 of p1, ...] for pmaddwd with [w0, w1].
        var pairMask = Vector128.Create((byte)0, 0x80, 4, 0x80, 1, 0x80, 5, 0x80, 2, 0x80, 6, 0x80, 3, 0x80, 7, 0x80);
        var quadMask = Vector256.Create((byte)0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15, 0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15);
        var avx2 = Avx2.IsSupported;
        for (var i = 0; i < columns.Start.Length; i++)
        {
            ref var p = ref Unsafe.Add(ref src, (columns.Start[i] - origin) * 4);
            ref var w = ref Unsafe.As<short, byte>(ref Unsafe.Add(ref weightsRef, i * taps));
            var acc = Vector128.Create(Round);
            var k = 0;
            if (avx2 && taps >= 4)
            {
                var wide = Vector256<int>.Zero;
                for (; k + 3 < taps; k += 4)
                {
                    var pixels = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.Add(ref p, k * 4)));
                    var ordered = Avx2.Shuffle(pixels.AsByte(), quadMask).AsInt16();
                    var pair01 = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref w, k * 2));
                    var pair23 = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref w, k * 2 + 4));
                    var weights = Vector256.Create(Vector128.Create(pair01), Vector128.Create(pair23)).AsInt16();
                    wide = Avx2.Add(wide, Avx2.MultiplyAddAdjacent(ordered, weights));
                }
                acc = Sse2.Add(acc, Sse2.Add(wide.GetLower(), wide.GetUpper()));
            }
            for (; k + 1 < taps; k += 2)
            {
                var pixels = Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref p, k * 4))).AsByte();
                var ordered = Ssse3.Shuffle(pixels, pairMask).AsInt16();
                var weights = Vector128.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref w, k * 2))).AsInt16();
                acc = Sse2.Add(acc, Sse2.MultiplyAddAdjacent(ordered, weights));
            }
            if (k < taps)
            {
                var pixel = Sse41.ConvertToVector128Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref p, k * 4))).AsByte());
                acc = Sse2.Add(acc, Sse41.MultiplyLow(pixel, Vector128.Create((int)Unsafe.ReadUnaligned<short>(ref Unsafe.Add(ref w, k * 2)))));
            }
            var shifted = Sse2.ShiftRightArithmetic(acc, ResampleWeights.Precision);
            var words = Sse2.PackSignedSaturate(shifted, shifted);
            var bytes = Sse2.PackUnsignedSaturate(words, words);
            Unsafe.WriteUnaligned(ref target[i * 4], bytes.AsInt32().ToScalar());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>
    /// One output row of <paramref name="target"/>.Length bytes from rows <paramref name="firstRow"/>.. of <paramref name="rows"/>,
    /// <paramref name="stride"/> bytes apart.
    /// </summary>
    private static void Vertical(ReadOnlySpan<byte> rows, int stride, int firstRow, int taps, ReadOnlySpan<short> weights, Span<byte> target)
    {
        var x = 0;
        if (UseSimd) x = VerticalSimd(rows, stride, firstRow, taps, weights, target);
        for (; x < target.Length; x++)
        {
            var sum = Round;
            for (var k = 0; k < taps; k++) sum += rows[(firstRow + k) * stride + x] * weights[k];
            target[x] = Clamp(sum);
        }
    }

    /// <summary>Vertical pass over whole 32/16-byte blocks; returns where the scalar tail starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int VerticalSimd(ReadOnlySpan<byte> rows, int stride, int firstRow, int taps, ReadOnlySpan<short> weights, Span<byte> target)
    {
        ref var data = ref MemoryMarshal.GetReference(rows);
        var length = target.Length;
        ref var output = ref MemoryMarshal.GetReference(target);
        var x = 0;
        if (Avx2.IsSupported)
        {
            for (; x + 32 <= length; x += 32)
            {
                Vector256<int> a0 = Vector256.Create(Round), a1 = a0, a2 = a0, a3 = a0;
                for (var k = 0; k < taps; k += 2)
                {
                    var second = k + 1 < taps;
                    var va = Vector256.LoadUnsafe(ref Unsafe.Add(ref data, (firstRow + k) * stride + x));
                    var vb = second ? Vector256.LoadUnsafe(ref Unsafe.Add(ref data, (firstRow + k + 1) * stride + x)) : Vector256<byte>.Zero;
                    var pair = Vector256.Create((ushort)weights[k] | (second ? weights[k + 1] << 16 : 0)).AsInt16();
                    var lo = Avx2.UnpackLow(va, vb);
                    var hi = Avx2.UnpackHigh(va, vb);
                    a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(lo, Vector256<byte>.Zero).AsInt16(), pair));
                    a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(lo, Vector256<byte>.Zero).AsInt16(), pair));
                    a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(hi, Vector256<byte>.Zero).AsInt16(), pair));
                    a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(hi, Vector256<byte>.Zero).AsInt16(), pair));
                }
                var p01 = Avx2.PackSignedSaturate(Avx2.ShiftRightArithmetic(a0, ResampleWeights.Precision), Avx2.ShiftRightArithmetic(a1, ResampleWeights.Precision));
                var p23 = Avx2.PackSignedSaturate(Avx2.ShiftRightArithmetic(a2, ResampleWeights.Precision), Avx2.ShiftRightArithmetic(a3, ResampleWeights.Precision));
                Avx2.PackUnsignedSaturate(p01, p23).StoreUnsafe(ref Unsafe.Add(ref output, x));
            }
        }
        for (; x + 16 <= length; x += 16)
        {
            Vector128<int> a0 = Vector128.Create(Round), a1 = a0, a2 = a0, a3 = a0;
            for (var k = 0; k < taps; k += 2)
            {
                var second = k + 1 < taps;
                var va = Vector128.LoadUnsafe(ref Unsafe.Add(ref data, (firstRow + k) * stride + x));
                var vb = second ? Vector128.LoadUnsafe(ref Unsafe.Add(ref data, (firstRow + k + 1) * stride + x)) : Vector128<byte>.Zero;
                var pair = Vector128.Create((ushort)weights[k] | (second ? weights[k + 1] << 16 : 0)).AsInt16();
                var lo = Sse2.UnpackLow(va, vb);
                var hi = Sse2.UnpackHigh(va, vb);
                a0 = Sse2.Add(a0, Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(lo, Vector128<byte>.Zero).AsInt16(), pair));
                a1 = Sse2.Add(a1, Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(lo, Vector128<byte>.Zero).AsInt16(), pair));
                a2 = Sse2.Add(a2, Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(hi, Vector128<byte>.Zero).AsInt16(), pair));
                a3 = Sse2.Add(a3, Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(hi, Vector128<byte>.Zero).AsInt16(), pair));
            }
            var p01 = Sse2.PackSignedSaturate(Sse2.ShiftRightArithmetic(a0, ResampleWeights.Precision), Sse2.ShiftRightArithmetic(a1, ResampleWeights.Precision));
            var p23 = Sse2.PackSignedSaturate(Sse2.ShiftRightArithmetic(a2, ResampleWeights.Precision), Sse2.ShiftRightArithmetic(a3, ResampleWeights.Precision));
            Sse2.PackUnsignedSaturate(p01, p23).StoreUnsafe(ref Unsafe.Add(ref output, x));
        }
        return x;
    }

    /// <summary>Premultiplied colour never exceeds alpha; Lanczos' overshoot can push it over.</summary>
    private static void ClampToAlpha(Span<byte> row)
    {
        for (var i = 0; i + 3 < row.Length; i += 4)
        {
            var a = row[i + 3];
            if (a == 255) continue;
            if (row[i] > a) row[i] = a;
            if (row[i + 1] > a) row[i + 1] = a;
            if (row[i + 2] > a) row[i + 2] = a;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int sum) => (byte)Math.Clamp(sum >> ResampleWeights.Precision, 0, 255);
}

/// <summary>A view of 4-byte pixels in memory: width, height and the bytes of each row.</summary>
internal readonly ref struct PixelBuffer(Span<byte> pixels, int width, int height, int rowBytes)
{
    private readonly Span<byte> _pixels = pixels;
    public int Width { get; } = width;
    public int Height { get; } = height;
    public int RowBytes { get; } = rowBytes;
    public Span<byte> Row(int y) => _pixels.Slice(y * RowBytes, Width * 4);
    public Span<byte> Pixels => _pixels;
}
