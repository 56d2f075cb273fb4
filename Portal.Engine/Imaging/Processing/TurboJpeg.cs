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

    private static readonly Lazy<Api?> Loaded = new(Load);

    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>Width, height and whether TurboJPEG can decode it to RGBA (not CMYK/YCCK), or null when the header is bad.</summary>
    public static (int Width, int Height, bool Rgb)? ReadHeader(byte[] jpeg, int length)
    {
        var api = Loaded.Value ?? throw new InvalidOperationException("libturbojpeg is not available");
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
        var api = Loaded.Value ?? throw new InvalidOperationException("libturbojpeg is not available");
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
        var api = Loaded.Value ?? throw new InvalidOperationException("libturbojpeg is not available");
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

    private static Api? Load()
    {
        foreach (var name in new[] { "libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "turbojpeg" })
        {
            if (!NativeLibrary.TryLoad(name, typeof(TurboJpeg).Assembly, null, out var library)) continue;
            try
            {
                return new Api(library);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(library);
            }
        }
        return null;
    }

    private sealed class Api(IntPtr library)
    {
        public readonly InitDelegate InitDecompress = Get<InitDelegate>(library, "tjInitDecompress");
        public readonly InitDelegate InitCompress = Get<InitDelegate>(library, "tjInitCompress");
        public readonly DestroyDelegate Destroy = Get<DestroyDelegate>(library, "tjDestroy");
        public readonly HeaderDelegate DecompressHeader3 = Get<HeaderDelegate>(library, "tjDecompressHeader3");
        public readonly DecompressDelegate Decompress2 = Get<DecompressDelegate>(library, "tjDecompress2");
        public readonly CompressDelegate Compress2 = Get<CompressDelegate>(library, "tjCompress2");
        public readonly FreeDelegate Free = Get<FreeDelegate>(library, "tjFree");
        public readonly ErrorDelegate GetErrorStr2 = Get<ErrorDelegate>(library, "tjGetErrorStr2");

        private static T Get<T>(IntPtr library, string name) where T : Delegate =>
            Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
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
