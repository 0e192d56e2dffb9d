using System.Runtime.InteropServices;

namespace Argus.XGBoost.Native;

/// <summary>A <c>const char**</c> of UTF-8 copies of managed strings, freed on dispose.</summary>
internal sealed unsafe class Utf8StringArray : IDisposable
{
    private readonly nint[] _pointers;

    internal Utf8StringArray(IReadOnlyList<string> values)
    {
        _pointers = new nint[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            _pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        }
    }

    internal int Count => _pointers.Length;

    /// <summary>The pointer array; valid while the caller holds the returned handle's pin.</summary>
    internal nint[] Pointers => _pointers;

    public void Dispose()
    {
        for (var i = 0; i < _pointers.Length; i++)
        {
            Marshal.FreeCoTaskMem(_pointers[i]);
            _pointers[i] = 0;
        }
    }

    /// <summary>Reads a <c>const char**</c> of <paramref name="count"/> strings returned by libxgboost.</summary>
    internal static string[] Read(byte** strings, ulong count)
    {
        var result = new string[checked((int)count)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Marshal.PtrToStringUTF8((nint)strings[i]) ?? string.Empty;
        }

        return result;
    }
}
