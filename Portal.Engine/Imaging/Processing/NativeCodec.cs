using System.Runtime.InteropServices;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// A codec's native library, loaded at run time on first use: the first of <paramref name="names"/> that loads and has
/// every function <paramref name="bind"/> asks for. Missing (or too old) is not an error: the engine then uses Skia's codec.
/// </summary>
internal sealed class NativeCodec<TApi>(string library, IReadOnlyList<string> names, Func<NativeExports, TApi> bind) where TApi : class
{
    private readonly Lazy<TApi?> _api = new(() => Load(names, bind));

    public bool IsAvailable => _api.Value is not null;

    /// <summary>The library's functions; throws when it could not be loaded (check <see cref="IsAvailable"/> first).</summary>
    public TApi Api => _api.Value ?? throw new InvalidOperationException($"{library} is not available");

    private static TApi? Load(IReadOnlyList<string> names, Func<NativeExports, TApi> bind)
    {
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, typeof(NativeCodec<TApi>).Assembly, null, out var handle)) continue;
            try
            {
                return bind(new NativeExports(handle));
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(handle);
            }
        }
        return null;
    }
}

/// <summary>The functions a loaded native library exports, as delegates.</summary>
internal readonly struct NativeExports(IntPtr library)
{
    /// <summary>The export <paramref name="name"/>; <see cref="EntryPointNotFoundException"/> when the library has none.</summary>
    public T Get<T>(string name) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
}
