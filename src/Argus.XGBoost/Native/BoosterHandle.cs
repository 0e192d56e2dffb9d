using Microsoft.Win32.SafeHandles;

namespace Argus.XGBoost.Native;

/// <summary>Owns a libxgboost <c>BoosterHandle</c>; freed with <c>XGBoosterFree</c>.</summary>
internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BoosterHandle()
        : base(ownsHandle: true)
    {
    }

    // Must not throw: a failed free is reported as false.
    protected override bool ReleaseHandle() => NativeMethods.XGBoosterFree(handle) == 0;
}
