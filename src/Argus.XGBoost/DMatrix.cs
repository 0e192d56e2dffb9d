using Argus.Core.Errors;
using Argus.XGBoost.Native;

namespace Argus.XGBoost;

/// <summary>
/// An XGBoost data matrix: a dense row-major block of features (NaN = missing) with optional labels,
/// weights and feature names. libxgboost copies the data, so the caller's span may be reused.
/// </summary>
public sealed unsafe class DMatrix : IDisposable
{
    private readonly DMatrixHandle _handle;
    private string[] _featureNames = [];

    /// <summary>Creates a matrix from <paramref name="data"/>, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</summary>
    /// <param name="data">The values, row-major; NaN is missing.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="threads">Threads for building it (and, in libxgboost 1.7, for the hist index built from
    /// it during training); null or ≤ 0 uses every core. The plain <c>XGDMatrixCreateFromMat</c> uses one,
    /// which left a core idle through training. The OpenMP workers the build starts are let go when it returns
    /// (see <see cref="XGBoostLibrary.ReleaseOpenMpThreads"/>): idle ones left on this thread would slow down
    /// libxgboost's parallel work on every other thread.</param>
    public DMatrix(ReadOnlySpan<float> data, int rows, int columns, int? threads = null)
    {
        if (rows <= 0 || columns <= 0 || (long)rows * columns != data.Length)
        {
            throw ArgusException.InvalidParameter(
                $"A DMatrix needs rows > 0, columns > 0 and rows × columns values; got rows={rows}, columns={columns}, values={data.Length}.");
        }

        DMatrixHandle handle;
        fixed (float* p = data)
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGDMatrixCreateFromMat_omp(p, (ulong)rows, (ulong)columns, float.NaN, out handle, threads ?? 0));
        }

        XGBoostLibrary.ReleaseOpenMpThreads();

        _handle = handle;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of feature columns.</summary>
    public int Columns { get; }

    /// <summary>Feature names, empty until <see cref="SetFeatureNames"/> is called.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    internal DMatrixHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Sets the training target, one value per row.</summary>
    public void SetLabel(ReadOnlySpan<float> labels) => SetFloatInfo("label", labels);

    /// <summary>Sets per-row instance weights.</summary>
    public void SetWeight(ReadOnlySpan<float> weights) => SetFloatInfo("weight", weights);

    /// <summary>Names the feature columns; there must be one distinct, non-empty name per column.</summary>
    public void SetFeatureNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var problems = FeatureNameProblems(names, Columns);
        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter(string.Join(" ", problems));
        }

        using var utf8 = new Utf8StringArray(names);
        fixed (nint* p = utf8.Pointers)
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGDMatrixSetStrFeatureInfo(Handle, "feature_name", (byte**)p, (ulong)utf8.Count));
        }

        _featureNames = [.. names];
    }

    /// <summary>Releases the native matrix.</summary>
    public void Dispose() => _handle.Dispose();

    internal static List<string> FeatureNameProblems(IReadOnlyList<string> names, int columns)
    {
        var problems = new List<string>();
        if (names.Count != columns)
        {
            problems.Add($"Expected {columns} feature names, got {names.Count}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add("Feature names must not be empty.");
            }
            else if (!seen.Add(name))
            {
                problems.Add($"Feature name '{name}' appears more than once.");
            }
        }

        return problems;
    }

    private void SetFloatInfo(string field, ReadOnlySpan<float> values)
    {
        if (values.Length != Rows)
        {
            throw ArgusException.InvalidParameter($"Expected one {field} per row ({Rows}), got {values.Length}.");
        }

        fixed (float* p = values)
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGDMatrixSetFloatInfo(Handle, field, p, (ulong)values.Length));
        }
    }
}
