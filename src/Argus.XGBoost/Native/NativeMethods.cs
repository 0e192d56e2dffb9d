using System.Runtime.InteropServices;

namespace Argus.XGBoost.Native;

/// <summary>
/// libxgboost's C API (c_api.h of XGBoost 1.7), under its C names. Strings cross as UTF-8; arrays of
/// handles and strings are passed as pointer arrays the callers pin.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string LibraryName = "xgboost";

    // An explicit static constructor (no beforefieldinit) runs before the first native call, so the
    // resolver is in place whichever entry point is used first.
    static NativeMethods() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, XGBoostLibrary.Resolve);

    [LibraryImport(LibraryName)]
    internal static partial void XGBoostVersion(out int major, out int minor, out int patch);

    [LibraryImport(LibraryName)]
    internal static partial byte* XGBGetLastError();

    [LibraryImport(LibraryName)]
    internal static partial int XGDMatrixCreateFromMat_omp(float* data, ulong nrow, ulong ncol, float missing, out DMatrixHandle handle, int nthread);

    [LibraryImport(LibraryName)]
    internal static partial int XGDMatrixFree(nint handle);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGDMatrixSetFloatInfo(DMatrixHandle handle, string field, float* array, ulong len);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGDMatrixSetStrFeatureInfo(DMatrixHandle handle, string field, byte** features, ulong size);

    [LibraryImport(LibraryName)]
    internal static partial int XGDMatrixNumRow(DMatrixHandle handle, out ulong rows);

    [LibraryImport(LibraryName)]
    internal static partial int XGDMatrixNumCol(DMatrixHandle handle, out ulong columns);

    [LibraryImport(LibraryName)]
    internal static partial int XGBoosterCreate(nint* dmats, ulong len, out BoosterHandle handle);

    [LibraryImport(LibraryName)]
    internal static partial int XGBoosterFree(nint handle);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetParam(BoosterHandle handle, string name, string value);

    [LibraryImport(LibraryName)]
    internal static partial int XGBoosterUpdateOneIter(BoosterHandle handle, int iter, DMatrixHandle dtrain);

    [LibraryImport(LibraryName)]
    internal static partial int XGBoosterEvalOneIter(BoosterHandle handle, int iter, nint* dmats, byte** evnames, ulong len, out byte* result);

    [LibraryImport(LibraryName)]
    internal static partial int XGBoosterPredictFromDense(BoosterHandle handle, byte* values, byte* config, nint proxy, out ulong* shape, out ulong dim, out float* result);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterLoadModel(BoosterHandle handle, string fname);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSaveModel(BoosterHandle handle, string fname);

    [LibraryImport(LibraryName)]
    internal static partial int XGBoosterLoadModelFromBuffer(BoosterHandle handle, void* buf, ulong len);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSaveModelToBuffer(BoosterHandle handle, string config, out ulong len, out byte* data);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetStrFeatureInfo(BoosterHandle handle, string field, byte** features, ulong size);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterGetStrFeatureInfo(BoosterHandle handle, string field, out ulong len, out byte** features);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterFeatureScore(BoosterHandle handle, string config, out ulong featureCount, out byte** features, out ulong dim, out ulong* shape, out float* scores);

    [LibraryImport(LibraryName)]
    internal static partial int XGBoosterBoostedRounds(BoosterHandle handle, out int rounds);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetAttr(BoosterHandle handle, string key, string? value);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterGetAttr(BoosterHandle handle, string key, out byte* value, out int success);

    // OpenMP 5.0's, not libxgboost's: the symbol is looked up through libxgboost's handle, and dlsym
    // searches that library's dependencies, libgomp among them. Call it through XGBoostLibrary.ReleaseOpenMpThreads,
    // which checks the OpenMP runtime is GNU libgomp first.
    [LibraryImport(LibraryName)]
    internal static partial int omp_pause_resource_all(int kind);
}
