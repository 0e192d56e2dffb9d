using System.Runtime.InteropServices;
using Argus.XGBoost;
using Argus.XGBoost.Native;

namespace Argus.Tests.XGBoost;

/// <summary>
/// The OpenMP thread release. libgomp names its workers after the thread that starts them (Linux threads inherit
/// their creator's name), so each test runs on a thread with a name of its own and counts the process's threads
/// carrying it: the caller plus the workers libgomp keeps for it.
/// </summary>
public sealed class XGBoostLibraryTests
{
    private const int Rows = 2_000;
    private const int Columns = 4;

    [Fact]
    public void UsesGnuOpenMp_DebianLibxgboost_IsTrue()
    {
        var library = XGBoostLibrary.Load(XGBoostLibrary.CandidateNames);

        Assert.True(XGBoostLibrary.UsesGnuOpenMp(library));
    }

    [Fact]
    public void ReleaseOpenMpThreads_AfterTwoThreadBuild_WorkerExits()
    {
        var data = SyntheticData.Regression(Rows, seed: 11);
        var (workersKept, released, workersLeft) = OnNamedThread("argus-omp-rel", name =>
        {
            BuildWithoutRelease(data.Features);

            var kept = ThreadsNamed(name) - 1;
            var ok = XGBoostLibrary.ReleaseOpenMpThreads();
            return (kept, ok, WorkersGone(name));
        });

        Assert.Equal(1, workersKept); // without the release libgomp keeps the worker: the test can see it
        Assert.True(released);
        Assert.Equal(0, workersLeft);
    }

    [Fact]
    public void DMatrixConstructor_TwoThreads_LeavesNoOpenMpWorker()
    {
        var data = SyntheticData.Regression(Rows, seed: 12);
        var workersLeft = OnNamedThread("argus-omp-dm", name =>
        {
            using var matrix = new DMatrix(data.Features, Rows, Columns, threads: 2);
            return WorkersGone(name);
        });

        Assert.Equal(0, workersLeft);
    }

    [Fact]
    public void ReleaseOpenMpThreads_ThenTrain_PredictsAsBefore()
    {
        var data = SyntheticData.Regression(Rows, seed: 13);
        var options = new TrainOptions { TreeMethod = "hist", NThread = 2, Seed = 0 };
        float[] Train()
        {
            using var matrix = new DMatrix(data.Features, Rows, Columns, threads: 2);
            matrix.SetLabel(data.Labels);
            using var booster = XGBoostTrainer.Train(options, matrix, [], 5).Booster;
            return booster.Predict(data.Features, Rows, Columns);
        }

        var first = Train();
        XGBoostLibrary.ReleaseOpenMpThreads();
        var second = Train();

        Assert.Equal(first, second);
    }

    /// <summary>XGDMatrixCreateFromMat_omp with 2 threads, called directly, so nothing lets go of the worker it starts.</summary>
    private static void BuildWithoutRelease(float[] features)
    {
        var library = XGBoostLibrary.Load(XGBoostLibrary.CandidateNames);
        var create = Marshal.GetDelegateForFunctionPointer<CreateFromMat>(NativeLibrary.GetExport(library, "XGDMatrixCreateFromMat_omp"));
        var free = Marshal.GetDelegateForFunctionPointer<Free>(NativeLibrary.GetExport(library, "XGDMatrixFree"));
        var pinned = GCHandle.Alloc(features, GCHandleType.Pinned);
        try
        {
            Assert.Equal(0, create(pinned.AddrOfPinnedObject(), Rows, Columns, float.NaN, out var handle, 2));
            Assert.Equal(0, free(handle));
        }
        finally
        {
            pinned.Free();
        }
    }

    /// <summary>The workers still named <paramref name="name"/> once joined threads have left /proc (bounded wait).</summary>
    private static int WorkersGone(string name)
    {
        // pthread_join returns when the worker's thread id is cleared, a moment before the kernel drops its /proc entry.
        SpinWait.SpinUntil(() => ThreadsNamed(name) == 1, TimeSpan.FromSeconds(5));
        return ThreadsNamed(name) - 1;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CreateFromMat(nint data, ulong rows, ulong columns, float missing, out nint handle, int threads);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int Free(nint handle);

    private static T OnNamedThread<T>(string name, Func<string, T> body)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body(name);
            }
            catch (Exception e)
            {
                error = e;
            }
        })
        { Name = name };
        thread.Start();
        thread.Join();
        return error is null ? result : throw new InvalidOperationException($"The body failed on thread {name}.", error);
    }

    private static int ThreadsNamed(string name)
    {
        var count = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == name)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The thread ended while we listed the tasks.
            }
        }

        return count;
    }
}
