using System.Runtime.InteropServices;
using System.Text.Json;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Processing;
using SkiaSharp;

namespace Portal.Bench.Images;

/// <summary>
/// Where P1 (jpeg800) and P2 (cover300webp) spend their time, one image at a time on one thread, in thread CPU time:
/// the engine's own stages (open and decode at the planned DCT scale, Lanczos-3 resample, encode) and the same work done by
/// the bare libraries (libjpeg-turbo decoding and encoding through TurboJPEG with one handle and preallocated buffers, libwebp's
/// WebPEncodeRGBA) on the same pixels, at the same scale factor and quality. Prints one JSON line per (operation, stage).
/// </summary>
public static class Stages
{
    public static void Run(string corpus, int repetitions)
    {
        var files = Directory.GetFiles(corpus, "*.jpg").Order(StringComparer.Ordinal).ToArray();
        var photos = files.Select(File.ReadAllBytes).ToArray();
        var options = new ImagingOptions();
        using var bare = new BareTurboJpeg();
        foreach (var operation in new[] { "jpeg800", "cover300webp" })
        {
            var request = BenchOperations.Request(operation);
            var totals = new Dictionary<string, double>();
            void Add(string stage, double ms) => totals[stage] = totals.GetValueOrDefault(stage) + ms;
            for (var round = -1; round < repetitions; round++) // round -1 warms up
            {
                foreach (var photo in photos)
                {
                    var time = round >= 0 ? (Action<string, double>)Add : (_, _) => { };
                    var total = ThreadCpu.Measure(() => ImagePipeline.Run(photo, photo.Length, request, null, options, WorkBudget.Unlimited(default)));
                    time("engine total", total);

                    SourceImage? image = null;
                    SKSizeI scaled = default;
                    GeometryPlan? plan = null;
                    SKBitmap? decoded = null;
                    time("engine decode", ThreadCpu.Measure(() =>
                    {
                        image = SourceImage.Open(photo, photo.Length, options);
                        plan = GeometryPlan.For(image.Width, image.Height, request.Edits, options);
                        scaled = image.ScaledSize(plan.Region.Width, plan.Region.Height, plan.ResizedWidth, plan.ResizedHeight);
                        decoded = image.Decode(scaled);
                    }));
                    using var source = image!;
                    using var pixels = decoded!;
                    double sx = (double)scaled.Width / source.Width, sy = (double)scaled.Height / source.Height;
                    using var target = new SKBitmap(new SKImageInfo(plan!.ResizedWidth, plan.ResizedHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
                    time("engine resample", ThreadCpu.Measure(() => Resampler.Resample(
                        new PixelBuffer(pixels.GetPixelSpan(), pixels.Width, pixels.Height, pixels.RowBytes),
                        plan.Region.Left * sx, plan.Region.Top * sy, plan.Region.Width * sx, plan.Region.Height * sy,
                        new PixelBuffer(target.GetPixelSpan(), target.Width, target.Height, target.RowBytes), premultiplied: false)));
                    var format = operation == "jpeg800" ? ImageFormat.Jpeg : ImageFormat.Webp;
                    time("engine encode", ThreadCpu.Measure(() => ImageEncoder.Encode(target, format, 80, null, options)));

                    foreach (var (order, verticalFirst) in new[] { ("columns first", false), ("rows first", true) })
                    {
                        Resampler.VerticalFirst = verticalFirst;
                        time($"engine resample, {order}", ThreadCpu.Measure(() => Resampler.Resample(
                            new PixelBuffer(pixels.GetPixelSpan(), pixels.Width, pixels.Height, pixels.RowBytes),
                            plan.Region.Left * sx, plan.Region.Top * sy, plan.Region.Width * sx, plan.Region.Height * sy,
                            new PixelBuffer(target.GetPixelSpan(), target.Width, target.Height, target.RowBytes), premultiplied: false)));
                        Resampler.VerticalFirst = null;
                    }
                    time("libjpeg-turbo decode", ThreadCpu.Measure(() => bare.Decode(photo, scaled.Width, scaled.Height)));
                    time("libjpeg-turbo decode, YCbCr planes (no colour conversion)", ThreadCpu.Measure(() => bare.DecodeYuv(photo, scaled.Width, scaled.Height)));
                    if (format == ImageFormat.Jpeg)
                    {
                        time("libjpeg-turbo encode", ThreadCpu.Measure(() => bare.Encode(target.GetPixels(), target.Width, target.RowBytes, target.Height, 80)));
                        // sharp's default optimize_coding: TurboJPEG 2.x turns it on from the environment, read at each compress.
                        BareTurboJpeg.OptimizeHuffman(true);
                        time("libjpeg-turbo encode, Huffman-optimised", ThreadCpu.Measure(() => bare.Encode(target.GetPixels(), target.Width, target.RowBytes, target.Height, 80)));
                        BareTurboJpeg.OptimizeHuffman(false);
                    }
                    else
                        time("libwebp encode", ThreadCpu.Measure(() => BareWebp.Encode(target.GetPixels(), target.Width, target.RowBytes, target.Height, 80)));
                }
            }
            var images = repetitions * photos.Length;
            foreach (var (stage, ms) in totals)
                Console.WriteLine(JsonSerializer.Serialize(new { stages = operation, stage, cpuMsPerImage = ms / images, images }));
        }
    }
}

/// <summary>CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID): steady when other processes share the cores.</summary>
internal static class ThreadCpu
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static double NowMs()
    {
        ClockGetTime(3, out var t);
        return t.Seconds * 1000.0 + t.Nanoseconds / 1e6;
    }

    public static double Measure(Action work)
    {
        var start = NowMs();
        work();
        return NowMs() - start;
    }

    public static double Measure<T>(Func<T> work) => Measure(() => { work(); });
}

/// <summary>TurboJPEG on its own: one decompress and one compress handle, pixel and output buffers allocated once.</summary>
internal sealed class BareTurboJpeg : IDisposable
{
    private const string Library = "libturbojpeg.so.0";
    private readonly IntPtr _decompress = tjInitDecompress();
    private readonly IntPtr _compress = tjInitCompress();
    private IntPtr _pixels;
    private int _pixelBytes;
    private IntPtr _jpeg;
    private nuint _jpegCapacity;

    public void Decode(byte[] jpeg, int width, int height)
    {
        var bytes = width * height * 4;
        if (bytes > _pixelBytes)
        {
            Marshal.FreeHGlobal(_pixels);
            _pixels = Marshal.AllocHGlobal(bytes);
            _pixelBytes = bytes;
        }
        if (tjDecompress2(_decompress, jpeg, (nuint)jpeg.Length, _pixels, width, width * 4, height, 7, 0) != 0)
            throw new InvalidOperationException("tjDecompress2 failed");
    }

    /// <summary>The decoder's YCbCr planes (no upsampling, no colour conversion) into one buffer.</summary>
    public void DecodeYuv(byte[] jpeg, int width, int height)
    {
        var bytes = (int)tjBufSizeYUV2(width, 4, height, 2) + width * height * 2; // room for any subsampling
        if (bytes > _pixelBytes)
        {
            Marshal.FreeHGlobal(_pixels);
            _pixels = Marshal.AllocHGlobal(bytes);
            _pixelBytes = bytes;
        }
        if (tjDecompressToYUV2(_decompress, jpeg, (nuint)jpeg.Length, _pixels, width, 4, height, 0) != 0)
            throw new InvalidOperationException("tjDecompressToYUV2 failed");
    }

    public void Encode(IntPtr pixels, int width, int rowBytes, int height, int quality)
    {
        var needed = tjBufSize(width, height, 2);
        if (needed > _jpegCapacity)
        {
            if (_jpeg != IntPtr.Zero) tjFree(_jpeg);
            _jpeg = tjAlloc((int)needed);
            _jpegCapacity = needed;
        }
        var size = _jpegCapacity;
        const int noRealloc = 1024; // TJFLAG_NOREALLOC
        if (tjCompress2(_compress, pixels, width, rowBytes, height, 7, ref _jpeg, ref size, 2, quality, noRealloc) != 0)
            throw new InvalidOperationException("tjCompress2 failed");
    }

    public static void OptimizeHuffman(bool on)
    {
        if (on) setenv("TJ_OPTIMIZE", "1", 1);
        else unsetenv("TJ_OPTIMIZE");
    }

    public void Dispose()
    {
        tjDestroy(_decompress);
        tjDestroy(_compress);
        Marshal.FreeHGlobal(_pixels);
        if (_jpeg != IntPtr.Zero) tjFree(_jpeg);
    }

    [DllImport("libc")] private static extern int setenv(string name, string value, int overwrite);
    [DllImport("libc")] private static extern int unsetenv(string name);
    [DllImport(Library)] private static extern IntPtr tjInitDecompress();
    [DllImport(Library)] private static extern IntPtr tjInitCompress();
    [DllImport(Library)] private static extern int tjDestroy(IntPtr handle);
    [DllImport(Library)] private static extern int tjDecompress2(IntPtr handle, byte[] jpeg, nuint size, IntPtr destination, int width, int pitch, int height, int pixelFormat, int flags);
    [DllImport(Library)] private static extern int tjCompress2(IntPtr handle, IntPtr source, int width, int pitch, int height, int pixelFormat, ref IntPtr jpeg, ref nuint size, int subsampling, int quality, int flags);
    [DllImport(Library)] private static extern int tjDecompressToYUV2(IntPtr handle, byte[] jpeg, nuint size, IntPtr destination, int width, int pad, int height, int flags);
    [DllImport(Library)] private static extern nuint tjBufSizeYUV2(int width, int pad, int height, int subsampling);
    [DllImport(Library)] private static extern nuint tjBufSize(int width, int height, int subsampling);
    [DllImport(Library)] private static extern IntPtr tjAlloc(int bytes);
    [DllImport(Library)] private static extern void tjFree(IntPtr buffer);
}

/// <summary>libwebp on its own: WebPEncodeRGBA (method 4, as sharp's effort 4), output freed at once.</summary>
internal static class BareWebp
{
    public static void Encode(IntPtr pixels, int width, int rowBytes, int height, int quality)
    {
        var size = WebPEncodeRGBA(pixels, width, height, rowBytes, quality, out var output);
        if (size == 0) throw new InvalidOperationException("WebPEncodeRGBA failed");
        WebPFree(output);
    }

    [DllImport("libwebp.so.7")] private static extern nuint WebPEncodeRGBA(IntPtr rgba, int width, int height, int stride, float quality, out IntPtr output);
    [DllImport("libwebp.so.7")] private static extern void WebPFree(IntPtr buffer);
}
