using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Argus.Core.Errors;
using Argus.XGBoost.Native;

namespace Argus.XGBoost;

/// <summary>
/// An XGBoost model. <see cref="Predict"/> may be called from many threads at once on a trained or
/// loaded booster; training, parameters and loading are for one thread at a time.
/// </summary>
public sealed unsafe class Booster : IDisposable
{
    private readonly BoosterHandle _handle;

    private Booster(BoosterHandle handle) => _handle = handle;

    private int? _bestIteration;

    /// <summary>
    /// The 0-based best round found by early stopping; when set, <see cref="Predict"/> uses trees up to
    /// and including it. Null uses every tree. Kept in the model as the attribute <c>best_iteration</c>,
    /// as Python's xgboost keeps it, so a saved model carries it and a loaded one restores it.
    /// </summary>
    public int? BestIteration
    {
        get => _bestIteration;
        set
        {
            if (value < 0)
            {
                throw ArgusException.InvalidParameter($"The best iteration must be 0 or more, got {value}.");
            }

            SetAttribute("best_iteration", value?.ToString(CultureInfo.InvariantCulture));
            _bestIteration = value;
        }
    }

    /// <summary>
    /// The watched metric's value at <see cref="BestIteration"/> (attribute <c>best_score</c>, as Python's
    /// xgboost writes it); null when the model has none.
    /// </summary>
    public double? BestScore
    {
        get => GetAttribute("best_score") is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) ? score : null;
        set => SetAttribute("best_score", value?.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>The number of boosting rounds in the model.</summary>
    public int BoostedRounds
    {
        get
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterBoostedRounds(Handle, out var rounds));
            return rounds;
        }
    }

    /// <summary>The model's feature names; empty when it has none.</summary>
    public IReadOnlyList<string> FeatureNames
    {
        get
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterGetStrFeatureInfo(Handle, "feature_name", out var count, out var names));
            return Utf8StringArray.Read(names, count);
        }
    }

    internal BoosterHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>
    /// Creates an untrained booster caching <paramref name="matrices"/> (the training set first, then the
    /// evaluation sets); like Python's <c>Booster(cache=…)</c>, it takes the first matrix's feature names.
    /// </summary>
    public static Booster Create(IReadOnlyList<DMatrix> matrices)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        using var pinned = new PinnedHandles(matrices);
        BoosterHandle handle;
        fixed (nint* p = pinned.Pointers)
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterCreate(p, (ulong)pinned.Pointers.Length, out handle));
        }

        var booster = new Booster(handle);
        if (matrices.Count > 0 && matrices[0].FeatureNames.Count > 0)
        {
            try
            {
                booster.SetFeatureNames(matrices[0].FeatureNames);
            }
            catch
            {
                booster.Dispose();
                throw;
            }
        }

        return booster;
    }

    /// <summary>Loads a model file (XGBoost JSON when the path ends in .json).</summary>
    public static Booster Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var booster = Create([]);
        try
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterLoadModel(booster.Handle, path));
            booster.RestoreBestIteration();
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Loads a model from an in-memory buffer (XGBoost JSON or UBJSON).</summary>
    public static Booster Load(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty)
        {
            throw ArgusException.InvalidParameter("The model buffer is empty.");
        }

        var booster = Create([]);
        try
        {
            fixed (byte* p = model)
            {
                XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterLoadModelFromBuffer(booster.Handle, p, (ulong)model.Length));
            }

            booster.RestoreBestIteration();
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Sets one XGBoost parameter by its XGBoost name, e.g. <c>("max_depth", "4")</c>.</summary>
    public void SetParameter(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterSetParam(Handle, name, value));
    }

    /// <summary>Runs boosting round <paramref name="iteration"/> (0-based) on <paramref name="train"/>.</summary>
    public void UpdateOneIteration(int iteration, DMatrix train)
    {
        ArgumentNullException.ThrowIfNull(train);
        XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterUpdateOneIter(Handle, iteration, train.Handle));
    }

    /// <summary>Evaluates the model on named sets; returns libxgboost's line, e.g. <c>[0]\ttrain-rmse:1.2</c>.</summary>
    public string EvaluateOneIteration(int iteration, IReadOnlyList<(string Name, DMatrix Set)> evals)
    {
        ArgumentNullException.ThrowIfNull(evals);
        var sets = new DMatrix[evals.Count];
        var names = new string[evals.Count];
        for (var i = 0; i < evals.Count; i++)
        {
            (names[i], sets[i]) = evals[i];
        }

        var handle = Handle;
        using var pinned = new PinnedHandles(sets);
        using var utf8 = new Utf8StringArray(names);
        fixed (nint* p = pinned.Pointers)
        fixed (nint* n = utf8.Pointers)
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterEvalOneIter(handle, iteration, p, (byte**)n, (ulong)sets.Length, out var result));
            return Marshal.PtrToStringUTF8((nint)result) ?? string.Empty;
        }
    }

    /// <summary>
    /// Predicts <paramref name="rowCount"/> dense row-major rows of <paramref name="columns"/> features (NaN = missing).
    /// Returns one value per row, or rows × classes (row-major) for multi:softprob. Thread-safe.
    /// </summary>
    public float[] Predict(ReadOnlySpan<float> rows, int rowCount, int columns) =>
        PredictRaw(rows, rowCount, columns, margin: false, BestIteration is { } best ? best + 1 : 0);

    /// <summary>
    /// libxgboost's in-place prediction with its options spelled out: <paramref name="margin"/> asks for raw margins
    /// (before the objective's transform) instead of values; <paramref name="iterationEnd"/> uses the first that many
    /// rounds, 0 every round. Thread-safe.
    /// </summary>
    internal float[] PredictRaw(ReadOnlySpan<float> rows, int rowCount, int columns, bool margin, int iterationEnd)
    {
        if (rowCount <= 0 || columns <= 0 || (long)rowCount * columns != rows.Length || iterationEnd < 0)
        {
            throw ArgusException.InvalidParameter(
                $"Prediction needs rows > 0, columns > 0 and rows × columns values; got rows={rowCount}, columns={columns}, values={rows.Length}, iteration end={iterationEnd}.");
        }

        var handle = Handle;
        // "missing" is required by libxgboost 1.7's inplace predict; NaN marks missing as everywhere in Argus.
        var config = Utf8Z(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"type\":{(margin ? 1 : 0)},\"training\":false,\"iteration_begin\":0,\"iteration_end\":{iterationEnd},\"strict_shape\":false,\"missing\":NaN,\"cache_id\":0}}"));
        fixed (float* data = rows)
        fixed (byte* cfg = config)
        {
            var arrayInterface = Utf8Z(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"data\":[{(ulong)data},true],\"shape\":[{rowCount},{columns}],\"typestr\":\"<f4\",\"version\":3}}"));
            fixed (byte* values = arrayInterface)
            {
                XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterPredictFromDense(handle, values, cfg, 0, out var shape, out var dim, out var result));
                ulong total = 1;
                for (ulong d = 0; d < dim; d++)
                {
                    total *= shape[d];
                }

                // The result lives in libxgboost's per-thread buffer until this thread's next call: copy it now.
                return new ReadOnlySpan<float>(result, checked((int)total)).ToArray();
            }
        }
    }

    /// <summary>Names the model's features (one per column the model was trained on).</summary>
    public void SetFeatureNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var problems = DMatrix.FeatureNameProblems(names, names.Count);
        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter(string.Join(" ", problems));
        }

        var handle = Handle;
        using var utf8 = new Utf8StringArray(names);
        fixed (nint* p = utf8.Pointers)
        {
            XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterSetStrFeatureInfo(handle, "feature_name", (byte**)p, (ulong)utf8.Count));
        }
    }

    /// <summary>Saves the model to <paramref name="path"/>; a .json path writes XGBoost JSON.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterSaveModel(Handle, path));
    }

    /// <summary>The model as XGBoost JSON (UTF-8).</summary>
    public byte[] SaveToJson()
    {
        XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterSaveModelToBuffer(Handle, "{\"format\":\"json\"}", out var length, out var data));
        return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
    }

    /// <summary>Total gain of each feature's splits, keyed by feature name (<c>f0</c>… when unnamed); unused features are absent.</summary>
    public IReadOnlyDictionary<string, double> GainImportance()
    {
        XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterFeatureScore(
            Handle, "{\"importance_type\":\"gain\"}", out var count, out var features, out _, out _, out var scores));
        var names = Utf8StringArray.Read(features, count);
        var result = new Dictionary<string, double>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            result[names[i]] = scores[i];
        }

        return result;
    }

    /// <summary>A model attribute (a string kept in the saved model); null when absent.</summary>
    public string? GetAttribute(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterGetAttr(Handle, key, out var value, out var success));
        return success == 0 ? null : Marshal.PtrToStringUTF8((nint)value);
    }

    /// <summary>Sets a model attribute; null removes it.</summary>
    public void SetAttribute(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        XGBoostErrors.ThrowIfFailed(NativeMethods.XGBoosterSetAttr(Handle, key, value));
    }

    /// <summary>Releases the native model.</summary>
    public void Dispose() => _handle.Dispose();

    private void RestoreBestIteration()
    {
        var text = GetAttribute("best_iteration");
        if (text is null)
        {
            return;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var best) || best >= BoostedRounds)
        {
            throw ArgusException.InvalidParameter($"The model's best_iteration attribute '{text}' is not a round of its {BoostedRounds} rounds.");
        }

        _bestIteration = best;
    }

    private static byte[] Utf8Z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <summary>Keeps DMatrix handles alive (AddRef) while their raw pointers are passed as an array.</summary>
    private sealed class PinnedHandles : IDisposable
    {
        private readonly DMatrixHandle[] _handles;
        private int _added;

        internal PinnedHandles(IReadOnlyList<DMatrix> matrices)
        {
            _handles = new DMatrixHandle[matrices.Count];
            Pointers = new nint[matrices.Count];
            try
            {
                for (var i = 0; i < matrices.Count; i++)
                {
                    _handles[i] = matrices[i].Handle;
                    var added = false;
                    _handles[i].DangerousAddRef(ref added);
                    _added++;
                    Pointers[i] = _handles[i].DangerousGetHandle();
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        internal nint[] Pointers { get; }

        public void Dispose()
        {
            for (var i = 0; i < _added; i++)
            {
                _handles[i].DangerousRelease();
            }

            _added = 0;
        }
    }
}
