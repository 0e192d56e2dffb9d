using Microsoft.Win32.SafeHandles;

namespace Argus.XGBoost.Native;

/// <summary>Owns a libxgboost <c>DMatrixHandle</c>; freed with <c>XGDMatrixFree</c>.</summary>
internal sealed class DMatrixHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DMatrixHandle()
        : base(ownsHandle: true)
    {
    }

    // Must not throw: a failed free is reported as false, which the runtime surfaces as an MDA at most.
    protected override bool ReleaseHandle() => NativeMethods.XGDMatrixFree(handle) == 0;
}
