using System.Runtime.InteropServices;
using Portal.Engine.Imaging.Processing;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The one loader of the native codecs (libturbojpeg, libwebp): the first name that loads with every export wins.</summary>
public sealed class NativeCodecTests
{
    private const string LibC = "libc.so.6";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate nuint StrLen(IntPtr text);

    private sealed record LibCApi(StrLen StrLen);

    [Fact]
    public void The_first_name_that_loads_with_its_exports_is_used()
    {
        var codec = new NativeCodec<LibCApi>("libc", ["no-such-library.so.9", LibC], exports => new LibCApi(exports.Get<StrLen>("strlen")));

        Assert.True(codec.IsAvailable);
        var text = Marshal.StringToHGlobalAnsi("portal");
        try
        {
            Assert.Equal((nuint)6, codec.Api.StrLen(text));
        }
        finally
        {
            Marshal.FreeHGlobal(text);
        }
    }

    [Fact]
    public void A_missing_library_or_a_missing_export_leaves_the_codec_unavailable_with_a_clear_error()
    {
        var missing = new NativeCodec<LibCApi>("libnothing", ["no-such-library.so.9"], exports => new LibCApi(exports.Get<StrLen>("strlen")));
        var tooOld = new NativeCodec<LibCApi>("libc", [LibC], exports => new LibCApi(exports.Get<StrLen>("no_such_function_in_libc")));

        Assert.False(missing.IsAvailable);
        Assert.False(tooOld.IsAvailable);
        Assert.Equal("libnothing is not available", Assert.Throws<InvalidOperationException>(() => missing.Api).Message);
    }
}
