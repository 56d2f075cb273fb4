using System.Runtime.InteropServices;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// libjpeg-turbo's TurboJPEG library (Debian package <c>libturbojpeg0</c>), used for JPEG decoding and encoding
/// when installed: SkiaSharp's bundled JPEG codec is about 1.5x slower to decode and 6x slower to encode on the
/// same machine. Loaded at run time; when it is missing the engine uses Skia's codec.
/// </summary>
internal static class TurboJpeg
{
    private const int PixelFormatRgba = 7; // TJPF_RGBA
    private const int Subsampling420 = 2; // TJSAMP_420
    private const int ColorspaceCmyk = 3, ColorspaceYcck = 4;

    private static readonly NativeCodec<Api> Codec =
        new("libturbojpeg", ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "turbojpeg"], exports => new Api(exports));

    public static bool IsAvailable => Codec.IsAvailable;

    /// <summary>Width, height and whether TurboJPEG can decode it to RGBA (not CMYK/YCCK), or null when the header is bad.</summary>
    public static (int Width, int Height, bool Rgb)? ReadHeader(byte[] jpeg, int length)
    {
        var api = Codec.Api;
        var handle = api.InitDecompress();
        try
        {
            if (api.DecompressHeader3(handle, jpeg, (nuint)length, out var width, out var height, out _, out var colorspace) != 0) return null;
            return (width, height, colorspace is not (ColorspaceCmyk or ColorspaceYcck));
        }
        finally
        {
            api.Destroy(handle);
        }
    }

    /// <summary>
    /// Decodes into <paramref name="pixels"/> (RGBA, <paramref name="rowBytes"/> a row) at the scale whose size is
    /// <paramref name="width"/> x <paramref name="height"/> (1/8, 1/4, 1/2 or 1 of the full size). Null on success, else the
    /// library's message (warnings such as a truncated file count as failures, as sharp's default does).
    /// </summary>
    public static string? Decode(byte[] jpeg, int length, IntPtr pixels, int width, int rowBytes, int height)
    {
        var api = Codec.Api;
        var handle = api.InitDecompress();
        try
        {
            return api.Decompress2(handle, jpeg, (nuint)length, pixels, width, rowBytes, height, PixelFormatRgba, 0) == 0
                ? null
                : Marshal.PtrToStringUTF8(api.GetErrorStr2(handle)) ?? "unknown error";
        }
        finally
        {
            api.Destroy(handle);
        }
    }

    /// <summary>Encodes opaque RGBA pixels as a baseline 4:2:0 JPEG (JFIF, no other metadata).</summary>
    public static byte[] Encode(IntPtr pixels, int width, int rowBytes, int height, int quality)
    {
        var api = Codec.Api;
        var handle = api.InitCompress();
        var buffer = IntPtr.Zero;
        nuint size = 0;
        try
        {
            if (api.Compress2(handle, pixels, width, rowBytes, height, PixelFormatRgba, ref buffer, ref size, Subsampling420, quality, 0) != 0)
                throw new InvalidOperationException("JPEG encoding failed: " + Marshal.PtrToStringUTF8(api.GetErrorStr2(handle)));
            var bytes = new byte[(int)size];
            Marshal.Copy(buffer, bytes, 0, bytes.Length);
            return bytes;
        }
        finally
        {
            if (buffer != IntPtr.Zero) api.Free(buffer);
            api.Destroy(handle);
        }
    }

    private sealed class Api(NativeExports library)
    {
        public readonly InitDelegate InitDecompress = library.Get<InitDelegate>("tjInitDecompress");
        public readonly InitDelegate InitCompress = library.Get<InitDelegate>("tjInitCompress");
        public readonly DestroyDelegate Destroy = library.Get<DestroyDelegate>("tjDestroy");
        public readonly HeaderDelegate DecompressHeader3 = library.Get<HeaderDelegate>("tjDecompressHeader3");
        public readonly DecompressDelegate Decompress2 = library.Get<DecompressDelegate>("tjDecompress2");
        public readonly CompressDelegate Compress2 = library.Get<CompressDelegate>("tjCompress2");
        public readonly FreeDelegate Free = library.Get<FreeDelegate>("tjFree");
        public readonly ErrorDelegate GetErrorStr2 = library.Get<ErrorDelegate>("tjGetErrorStr2");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr InitDelegate();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int DestroyDelegate(IntPtr handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int HeaderDelegate(IntPtr handle, byte[] jpeg, nuint size, out int width, out int height, out int subsampling, out int colorspace);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int DecompressDelegate(IntPtr handle, byte[] jpeg, nuint size, IntPtr destination, int width, int pitch, int height, int pixelFormat, int flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CompressDelegate(IntPtr handle, IntPtr source, int width, int pitch, int height, int pixelFormat, ref IntPtr jpeg, ref nuint size, int subsampling, int quality, int flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void FreeDelegate(IntPtr buffer);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ErrorDelegate(IntPtr handle);
}
