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

    // omp_pause_resource_t's omp_pause_soft (omp.h): free the threads, keep the runtime initialised.
    private const int OmpPauseSoft = 1;

    private static readonly Lazy<nint> Handle = new(() => Load(CandidateNames), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<bool> GnuOpenMp = new(() => UsesGnuOpenMp(Handle.Value), LazyThreadSafetyMode.ExecutionAndPublication);

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

    /// <summary>
    /// Lets go of the OpenMP worker threads libgomp keeps for the calling thread (<c>omp_pause_resource_all(omp_pause_soft)</c>);
    /// the next parallel call from this thread starts new ones. Returns whether it could (false when libxgboost's OpenMP
    /// runtime is not GNU libgomp, or the call failed).
    /// </summary>
    /// <remarks>
    /// Why: libgomp keeps, for every thread that ever started a parallel region, a pool of nthread − 1 workers for as
    /// long as that thread lives, and counts all of them. Once they outnumber the CPUs, every OpenMP barrier in the
    /// process spins 100 times instead of 300,000 before it sleeps on a futex (libgomp's "throttled" spin), so each of
    /// libxgboost's many short parallel loops loses time waking threads. A .NET host calls libxgboost from whichever
    /// thread-pool thread runs the job, so one earlier caller still alive is enough: on 2 cores, 100 hist rounds on
    /// 100k rows took about 1.25 s at 157 % CPU instead of about 1.0 s at 195 %. Python's xgboost calls from one
    /// thread and never gets there. Releasing costs about 0.13 ms when the thread next starts workers, so call it after
    /// long operations (a matrix built, a model trained), not after every small one.
    /// </remarks>
    internal static bool ReleaseOpenMpThreads() =>
        GnuOpenMp.Value && NativeMethods.omp_pause_resource_all(OmpPauseSoft) == 0;

    /// <summary>
    /// Whether <paramref name="library"/> (and its dependencies) use GNU libgomp: it must offer <c>omp_pause_resource_all</c>
    /// and GOMP's entry points, and not LLVM/Intel's <c>__kmpc_fork_call</c> — those runtimes export GOMP_ shims too, and
    /// their pause acts on the whole runtime, not on one thread's pool.
    /// </summary>
    internal static bool UsesGnuOpenMp(nint library) =>
        NativeLibrary.TryGetExport(library, "omp_pause_resource_all", out _)
        && NativeLibrary.TryGetExport(library, "GOMP_parallel", out _)
        && !NativeLibrary.TryGetExport(library, "__kmpc_fork_call", out _);
}
