using System.Runtime.InteropServices;
using Argus.Core.Errors;

namespace Argus.XGBoost.Native;

/// <summary>The one place a libxgboost return code becomes an <see cref="ArgusException"/>.</summary>
internal static unsafe class XGBoostErrors
{
    /// <summary>
    /// Throws when <paramref name="rc"/> is non-zero, with the text of <c>XGBGetLastError</c>. Call it
    /// straight after the native call, on the same thread: the error text is thread-local.
    /// </summary>
    internal static void ThrowIfFailed(int rc)
    {
        if (rc == 0)
        {
            return;
        }

        var text = Marshal.PtrToStringUTF8((nint)NativeMethods.XGBGetLastError());
        // libxgboost fails on what it is given (parameters, shapes, files), so this is the caller's error.
        throw new ArgusException(ErrorCode.InvalidParameterValue, $"XGBoost error: {text}");
    }
}
