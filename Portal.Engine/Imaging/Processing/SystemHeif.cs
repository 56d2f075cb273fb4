using System.Runtime.InteropServices;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// The system's libheif (Debian package <c>libheif1</c>, built with x265; Ubuntu's needs <c>libheif-plugin-x265</c>) for
/// HEVC-coded HEIF, the <c>heic</c> output: the libvips build the engine bundles (sharp's) has AV1 only. Loaded at run time;
/// when it is missing, or has no HEVC encoder, <c>heic</c> is a 400 naming the format.
/// </summary>
internal static class SystemHeif
{
    private const int CompressionHevc = 1, ColorspaceRgb = 1, ChromaInterleavedRgb = 10, ChromaInterleavedRgba = 11, ChannelInterleaved = 10;

    private static readonly NativeCodec<Api> Codec =
        new("libheif", ["libheif.so.1", "libheif.so", "libheif.1.dylib", "libheif"], exports => new Api(exports));

    /// <summary>Null when HEVC can be written, else why not (probed once by encoding a tiny image).</summary>
    private static readonly Lazy<string?> Problem = new(() =>
    {
        if (!Codec.IsAvailable) return "libheif is not installed (Debian: libheif1)";
        var init = Codec.Api.Init(IntPtr.Zero); // loads the encoder plugins where libheif has them as plugins (1.14+)
        if (init.Code != 0) return "libheif could not start: " + Marshal.PtrToStringUTF8(init.Message);
        using var probe = new SKBitmap(new SKImageInfo(16, 16, SKColorType.Rgba8888, SKAlphaType.Opaque));
        try
        {
            EncodeWith(Codec.Api, probe, 50);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    });

    public static string? Unavailable => Problem.Value;

    /// <summary>Encodes premultiplied or opaque RGBA as an HEVC-coded HEIF (brand heic) at <paramref name="quality"/>.</summary>
    public static byte[] Encode(SKBitmap bitmap, int quality)
    {
        if (Unavailable is { } problem) throw new InvalidOperationException(problem);
        return EncodeWith(Codec.Api, bitmap, quality);
    }

    private static byte[] EncodeWith(Api api, SKBitmap bitmap, int quality)
    {
        var context = api.ContextAlloc();
        IntPtr encoder = IntPtr.Zero, image = IntPtr.Zero, handle = IntPtr.Zero;
        var file = Path.Combine(Path.GetTempPath(), $"portal-heic-{Guid.NewGuid():N}.heic");
        try
        {
            Check(api.GetEncoderForFormat(context, CompressionHevc, out encoder), "no HEVC encoder is available");
            Check(api.SetLossyQuality(encoder, quality), "the HEVC encoder refused the quality");
            var alpha = bitmap.AlphaType != SKAlphaType.Opaque;
            Check(api.ImageCreate(bitmap.Width, bitmap.Height, ColorspaceRgb, alpha ? ChromaInterleavedRgba : ChromaInterleavedRgb, out image),
                "the image could not be made");
            Check(api.ImageAddPlane(image, ChannelInterleaved, bitmap.Width, bitmap.Height, 8), "the image plane could not be made");
            var plane = api.ImageGetPlane(image, ChannelInterleaved, out var stride);
            if (alpha)
            {
                using var pixmap = bitmap.PeekPixels();
                pixmap.ReadPixels(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), plane, stride);
            }
            else
            {
                CopyRgb(bitmap, plane, stride);
            }
            Check(api.EncodeImage(context, image, encoder, IntPtr.Zero, out handle), "HEVC encoding failed");
            Check(api.WriteToFile(context, file), "the HEIF file could not be written");
            return File.ReadAllBytes(file);
        }
        finally
        {
            if (handle != IntPtr.Zero) api.ImageHandleRelease(handle);
            if (image != IntPtr.Zero) api.ImageRelease(image);
            if (encoder != IntPtr.Zero) api.EncoderRelease(encoder);
            api.ContextFree(context);
            File.Delete(file);
        }
    }

    /// <summary>Opaque RGBA rows to the 3-byte RGB plane libheif asks for without alpha.</summary>
    private static void CopyRgb(SKBitmap bitmap, IntPtr plane, int stride)
    {
        var source = bitmap.GetPixelSpan();
        var row = new byte[bitmap.Width * 3];
        for (var y = 0; y < bitmap.Height; y++)
        {
            var from = source.Slice(y * bitmap.RowBytes, bitmap.Width * 4);
            for (var x = 0; x < bitmap.Width; x++)
            {
                row[x * 3] = from[x * 4];
                row[x * 3 + 1] = from[x * 4 + 1];
                row[x * 3 + 2] = from[x * 4 + 2];
            }
            Marshal.Copy(row, 0, plane + (nint)((long)y * stride), row.Length);
        }
    }

    private static void Check(HeifError error, string what)
    {
        if (error.Code == 0) return;
        var message = Marshal.PtrToStringUTF8(error.Message);
        throw new InvalidOperationException(string.IsNullOrWhiteSpace(message) ? what : $"{what} ({message})");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct HeifError
    {
        public int Code;
        public int Subcode;
        public IntPtr Message;
    }

    private sealed class Api(NativeExports library)
    {
        public readonly InitDelegate Init = library.Get<InitDelegate>("heif_init");
        public readonly ContextAllocDelegate ContextAlloc = library.Get<ContextAllocDelegate>("heif_context_alloc");
        public readonly ReleaseDelegate ContextFree = library.Get<ReleaseDelegate>("heif_context_free");
        public readonly GetEncoderDelegate GetEncoderForFormat = library.Get<GetEncoderDelegate>("heif_context_get_encoder_for_format");
        public readonly SetQualityDelegate SetLossyQuality = library.Get<SetQualityDelegate>("heif_encoder_set_lossy_quality");
        public readonly ReleaseDelegate EncoderRelease = library.Get<ReleaseDelegate>("heif_encoder_release");
        public readonly ImageCreateDelegate ImageCreate = library.Get<ImageCreateDelegate>("heif_image_create");
        public readonly AddPlaneDelegate ImageAddPlane = library.Get<AddPlaneDelegate>("heif_image_add_plane");
        public readonly GetPlaneDelegate ImageGetPlane = library.Get<GetPlaneDelegate>("heif_image_get_plane");
        public readonly ReleaseDelegate ImageRelease = library.Get<ReleaseDelegate>("heif_image_release");
        public readonly EncodeDelegate EncodeImage = library.Get<EncodeDelegate>("heif_context_encode_image");
        public readonly ReleaseDelegate ImageHandleRelease = library.Get<ReleaseDelegate>("heif_image_handle_release");
        public readonly WriteFileDelegate WriteToFile = library.Get<WriteFileDelegate>("heif_context_write_to_file");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate HeifError InitDelegate(IntPtr parameters);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ContextAllocDelegate();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void ReleaseDelegate(IntPtr handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate HeifError GetEncoderDelegate(IntPtr context, int format, out IntPtr encoder);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate HeifError SetQualityDelegate(IntPtr encoder, int quality);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate HeifError ImageCreateDelegate(int width, int height, int colorspace, int chroma, out IntPtr image);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate HeifError AddPlaneDelegate(IntPtr image, int channel, int width, int height, int bitDepth);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GetPlaneDelegate(IntPtr image, int channel, out int stride);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate HeifError EncodeDelegate(IntPtr context, IntPtr image, IntPtr encoder, IntPtr options, out IntPtr handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate HeifError WriteFileDelegate(IntPtr context, [MarshalAs(UnmanagedType.LPUTF8Str)] string fileName);
}
