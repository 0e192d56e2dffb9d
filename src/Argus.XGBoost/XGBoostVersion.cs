using Argus.XGBoost.Native;

namespace Argus.XGBoost;

/// <summary>The version of the loaded libxgboost, from <c>XGBoostVersion()</c>.</summary>
public readonly record struct XGBoostVersion(int Major, int Minor, int Patch)
{
    /// <summary>The version of the library this process has loaded.</summary>
    public static XGBoostVersion Current
    {
        get
        {
            NativeMethods.XGBoostVersion(out var major, out var minor, out var patch);
            return new XGBoostVersion(major, minor, patch);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Major}.{Minor}.{Patch}";
}
