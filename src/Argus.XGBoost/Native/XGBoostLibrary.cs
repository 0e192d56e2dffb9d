using System.Reflection;
using System.Runtime.InteropServices;
using Argus.Core.Errors;

namespace Argus.XGBoost.Native;

/// <summary>Finds libxgboost under the names Debian and a source build install it as.</summary>
internal static class XGBoostLibrary
{
    internal static readonly string[] CandidateNames = ["libxgboost.so.0", "libxgboost.so", "xgboost"];

    internal const string InstallHint =
        "Install it with `sudo apt-get install libxgboost0` (Debian/Ubuntu) or run scripts/setup.sh.";

    private static readonly Lazy<nint> Handle = new(() => Load(CandidateNames), LazyThreadSafetyMode.ExecutionAndPublication);

    internal static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == NativeMethods.LibraryName ? Handle.Value : 0;

    /// <summary>Loads the first of <paramref name="names"/> that loads, or fails saying how to install it.</summary>
    internal static nint Load(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                return handle;
            }
        }

        throw new ArgusException(
            ErrorCode.InternalError,
            $"The XGBoost native library could not be loaded (tried {string.Join(", ", names)}). {InstallHint}");
    }
}
