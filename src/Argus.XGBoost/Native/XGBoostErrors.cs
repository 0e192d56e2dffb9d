using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Argus.Core.Errors;

namespace Argus.XGBoost.Native;

/// <summary>The one place a libxgboost return code becomes an <see cref="ArgusException"/>.</summary>
internal static unsafe partial class XGBoostErrors
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
        throw new ArgusException(ErrorCode.InvalidParameterValue, $"XGBoost error: {Clean(text)}");
    }

    /// <summary>
    /// The part of an XGBoost error a person acts on. dmlc prefixes the time and the C++ source line
    /// (<c>[08:43:13] ./src/learner.cc:1008: </c>) and appends a native stack trace with library paths and load
    /// addresses; both say nothing to the caller and must not reach an HTTP error body, so they are dropped.
    /// </summary>
    internal static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "unknown error";
        }

        var trace = text.IndexOf("Stack trace:", StringComparison.Ordinal);
        if (trace >= 0)
        {
            text = text[..trace];
        }

        text = SourceLocation().Replace(text, string.Empty).TrimEnd();
        return text.Length == 0 ? "unknown error" : text;
    }

    // "[hh:mm:ss] path/file.cc:123: " at the start of a line; dmlc writes one per nested check.
    [GeneratedRegex(@"^\[\d{1,2}:\d{2}:\d{2}\] \S+?:\d+: ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SourceLocation();
}
