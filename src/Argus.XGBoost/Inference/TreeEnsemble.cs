using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Argus.Core.Errors;

namespace Argus.XGBoost.Inference;

/// <summary>
/// An XGBoost gbtree model held in managed arrays, predicting without libxgboost: no native call, no
/// OpenMP, no allocation per call. Immutable once loaded, so any number of threads may predict at once.
/// </summary>
/// <remarks>
/// Results are bit-identical to <see cref="Booster.Predict"/> on libxgboost 1.7.4's CPU predictor: each
/// row's margin starts at the objective's ProbToMargin(base_score) and adds the trees' leaf values in float,
/// in tree order, to the tree's output group; a split sends a value left when <c>value &lt; threshold</c>
/// and NaN (missing) to its default child; the objective's transform then runs libxgboost's float
/// operations (see <c>ObjectiveMath</c>). The transforms call <c>expf</c>/<c>logf</c> through
/// <see cref="MathF"/>, the C runtime's, as libxgboost does: identical where both load the same libm
/// (glibc on Linux, the platform Argus ships on; measured: 0 ulp over 16 million inputs, and the tests check a million). Margins involve no
/// library function and are identical everywhere. One-group models on a CPU with AVX2 walk blocks of 32 rows with
/// vector instructions (<see cref="PerfectTrees"/>), adding the same leaves in the same order; the rows left over,
/// multi-class models and other CPUs take the scalar walk, eight trees side by side.
/// </remarks>
public sealed class TreeEnsemble
{
    // Above this many groups multi:softmax rents its per-row scratch instead of using the stack.
    private const int StackGroups = 256;

    // Trees walked side by side: eight independent load chains hide each other's latency, where one
    // tree at a time waits on every load (or mispredicts every data-dependent branch). Eight still fits
    // the x64 registers without spills; measured faster than four.
    private const int Lanes = 8;

    private readonly TreeNode[] _nodes;
    private readonly int[] _roots;
    private readonly int[] _depths;
    private readonly int[] _laneDepths;
    private readonly int[] _treeGroups;
    private readonly OutputTransform _transform;
    private readonly int _treesPerRound;
    private readonly string[] _featureNames;
    // The vector walk for one-group models on a CPU with AVX2; set at construction (tests copy a model without it).
    private PerfectTrees? _perfect;

    internal TreeEnsemble(
        string objective,
        OutputTransform transform,
        float baseScore,
        float baseMargin,
        int featureCount,
        string[] featureNames,
        int groups,
        int parallelTrees,
        int boostedRounds,
        int? bestIteration,
        TreeNode[] nodes,
        int[] roots,
        int[] depths,
        int[] treeGroups)
    {
        Objective = objective;
        _transform = transform;
        BaseScore = baseScore;
        BaseMargin = baseMargin;
        FeatureCount = featureCount;
        _featureNames = featureNames;
        OutputGroups = groups;
        OutputsPerRow = transform == OutputTransform.ArgMax ? 1 : groups;
        _treesPerRound = groups * parallelTrees;
        BoostedRounds = boostedRounds;
        BestIteration = bestIteration;
        _nodes = nodes;
        // Roots as byte offsets, like the children.
        _roots = Array.ConvertAll(roots, root => root * TreeNode.Size);
        _depths = depths;
        _treeGroups = treeGroups;
        _perfect = groups == 1 ? PerfectTrees.TryCreate(nodes, _roots, depths, featureCount) : null;
        _laneDepths = new int[roots.Length / Lanes];
        for (var block = 0; block < _laneDepths.Length; block++)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                _laneDepths[block] = Math.Max(_laneDepths[block], depths[(block * Lanes) + lane]);
            }
        }
    }

    /// <summary>The model's objective, e.g. <c>binary:logistic</c>.</summary>
    public string Objective { get; }

    /// <summary>Columns per row (learner_model_param.num_feature).</summary>
    public int FeatureCount { get; }

    /// <summary>The model's feature names; empty when it has none.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>Margins per row: the class count for multi-class objectives, else 1.</summary>
    public int OutputGroups { get; }

    /// <summary>Predictions per row: the class count for multi:softprob, else 1 (multi:softmax gives the class index).</summary>
    public int OutputsPerRow { get; }

    /// <summary>Boosting rounds in the model (trees ÷ (output groups × num_parallel_tree)).</summary>
    public int BoostedRounds { get; }

    /// <summary>
    /// The 0-based best round from learner.attributes.best_iteration, or null. When set, predictions use
    /// rounds up to and including it unless told otherwise, as <see cref="Booster.Predict"/> does.
    /// </summary>
    public int? BestIteration { get; }

    /// <summary>Rounds used when no iteration end is given: <see cref="BestIteration"/> + 1, or every round.</summary>
    public int DefaultIterationEnd => BestIteration + 1 ?? BoostedRounds;

    /// <summary>Number of trees in the model.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>learner_model_param.base_score as saved, in the objective's output space.</summary>
    public float BaseScore { get; }

    /// <summary>The margin each row starts from: the objective's ProbToMargin of <see cref="BaseScore"/>.</summary>
    public float BaseMargin { get; }

    /// <summary>Loads an XGBoost JSON model (the UTF-8 bytes of <see cref="Booster.SaveToJson"/> or a saved .json file).</summary>
    /// <exception cref="ArgusException">InvalidParameterValue for a buffer that is not a valid model;
    /// NotImplemented for a booster, objective, or split kind the managed predictor does not support.</exception>
    public static TreeEnsemble Load(ReadOnlySpan<byte> json) => TreeEnsembleJson.Read(json);

    /// <summary>Loads an XGBoost JSON model file.</summary>
    /// <exception cref="ArgusException">As <see cref="Load(ReadOnlySpan{byte})"/>; ResourceDoesNotExist when there is no such file.</exception>
    public static TreeEnsemble Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw ArgusException.NotFound($"The model file '{path}' does not exist.");
        }

        return Load(File.ReadAllBytes(path));
    }

    /// <summary>Copies a trained or loaded booster's model (with its best iteration) into managed arrays.</summary>
    public static TreeEnsemble FromBooster(Booster booster)
    {
        ArgumentNullException.ThrowIfNull(booster);
        return Load(booster.SaveToJson());
    }

    /// <summary>Which walk a copy of this model takes: for tests, which compare every path on the same rows.</summary>
    internal TreeEnsemble WithWalk(bool vectors, bool allowAvx512)
    {
        var copy = (TreeEnsemble)MemberwiseClone();
        copy._perfect = vectors && OutputGroups == 1
            ? PerfectTrees.TryCreate(_nodes, _roots, _depths, FeatureCount, allowAvx512)
            : null;
        return copy;
    }

    /// <summary>True when one-group predictions take the vector walk (<see cref="PerfectTrees"/>).</summary>
    internal bool UsesVectors => _perfect is not null;

    /// <summary>Predicts <paramref name="rowCount"/> rows into a new array of rows × <see cref="OutputsPerRow"/> values.</summary>
    public float[] Predict(ReadOnlySpan<float> rows, int rowCount)
    {
        var output = new float[checked(Math.Max(rowCount, 0) * OutputsPerRow)];
        Predict(rows, rowCount, output);
        return output;
    }

    /// <summary>
    /// Predicts <paramref name="rowCount"/> dense row-major rows of <see cref="FeatureCount"/> values (NaN =
    /// missing) into <paramref name="output"/> (rows × <see cref="OutputsPerRow"/>, row-major), using
    /// <see cref="DefaultIterationEnd"/> rounds. Allocation-free; thread-safe.
    /// </summary>
    public void Predict(ReadOnlySpan<float> rows, int rowCount, Span<float> output) =>
        Predict(rows, rowCount, output, DefaultIterationEnd);

    /// <summary>As <see cref="Predict(ReadOnlySpan{float}, int, Span{float})"/>, with the first <paramref name="iterationEnd"/> rounds (1 to <see cref="BoostedRounds"/>).</summary>
    public void Predict(ReadOnlySpan<float> rows, int rowCount, Span<float> output, int iterationEnd) =>
        Run(rows, rowCount, output, iterationEnd, margin: false);

    /// <summary>
    /// The untransformed margins (libxgboost's <c>output_margin</c>): rows × <see cref="OutputGroups"/>
    /// values, using <see cref="DefaultIterationEnd"/> rounds.
    /// </summary>
    public void PredictMargin(ReadOnlySpan<float> rows, int rowCount, Span<float> output) =>
        PredictMargin(rows, rowCount, output, DefaultIterationEnd);

    /// <summary>As <see cref="PredictMargin(ReadOnlySpan{float}, int, Span{float})"/>, with the first <paramref name="iterationEnd"/> rounds.</summary>
    public void PredictMargin(ReadOnlySpan<float> rows, int rowCount, Span<float> output, int iterationEnd) =>
        Run(rows, rowCount, output, iterationEnd, margin: true);

    private void Run(ReadOnlySpan<float> rows, int rowCount, Span<float> output, int iterationEnd, bool margin)
    {
        var perRow = margin ? OutputGroups : OutputsPerRow;
        if (rowCount < 0 || (long)rowCount * FeatureCount != rows.Length || (long)rowCount * perRow != output.Length)
        {
            throw ArgusException.InvalidParameter(
                $"Prediction needs rows ≥ 0, rows × {FeatureCount} values and an output of rows × {perRow}; "
                + $"got rows={rowCount}, values={rows.Length}, output={output.Length}.");
        }

        // A model with no rounds predicts the base margin: its default end is 0.
        var validEnd = BoostedRounds == 0 ? iterationEnd == 0 : iterationEnd >= 1 && iterationEnd <= BoostedRounds;
        if (!validEnd)
        {
            throw ArgusException.InvalidParameter($"The iteration end must be between 1 and the model's {BoostedRounds} rounds, got {iterationEnd}.");
        }

        // Rounds → trees: each round holds groups × num_parallel_tree trees (libxgboost's LayerToTree).
        var treeEnd = iterationEnd * _treesPerRound;
        var transform = margin ? OutputTransform.Identity : _transform;
        if (OutputGroups == 1 && transform is OutputTransform.Identity or OutputTransform.Sigmoid or OutputTransform.Exp)
        {
            PredictOneGroup(rows, rowCount, output, treeEnd, transform);
        }
        else
        {
            PredictGroups(rows, rowCount, output, treeEnd, transform);
        }
    }

    private void PredictOneGroup(ReadOnlySpan<float> rows, int rowCount, Span<float> output, int treeEnd, OutputTransform transform)
    {
        var r = 0;
        if (_perfect is not null)
        {
            const int Block = PerfectTrees.Width * PerfectTrees.Blocks;
            for (; r + Block <= rowCount; r += Block)
            {
                var margins = output.Slice(r, Block);
                _perfect.Margins(rows.Slice(r * FeatureCount, Block * FeatureCount), FeatureCount, treeEnd, BaseMargin, margins);
                for (var i = 0; i < Block; i++)
                {
                    margins[i] = transform switch
                    {
                        OutputTransform.Sigmoid => ObjectiveMath.Sigmoid(margins[i]),
                        OutputTransform.Exp => MathF.Exp(margins[i]),
                        _ => margins[i],
                    };
                }
            }
        }

        ref var row = ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), r * FeatureCount);
        for (; r < rowCount; r++)
        {
            // As libxgboost's has_missing: rows without NaN take the step that never looks for one.
            var sum = HasMissing(ref row, FeatureCount)
                ? Margin<MissingAwareStep>(ref row, treeEnd)
                : Margin<DenseStep>(ref row, treeEnd);
            output[r] = transform switch
            {
                OutputTransform.Sigmoid => ObjectiveMath.Sigmoid(sum),
                OutputTransform.Exp => MathF.Exp(sum),
                _ => sum,
            };
            row = ref Unsafe.Add(ref row, FeatureCount);
        }
    }

    [SkipLocalsInit]
    private void PredictGroups(ReadOnlySpan<float> rows, int rowCount, Span<float> output, int treeEnd, OutputTransform transform)
    {
        var groups = OutputGroups;
        float[]? rented = null;
        Span<float> scratch = transform != OutputTransform.ArgMax ? default
            : groups <= StackGroups ? stackalloc float[groups]
            : (rented = ArrayPool<float>.Shared.Rent(groups)).AsSpan(0, groups);
        try
        {
            ref var row = ref MemoryMarshal.GetReference(rows);
            for (var r = 0; r < rowCount; r++)
            {
                var margins = transform == OutputTransform.ArgMax ? scratch : output.Slice(r * groups, groups);
                if (HasMissing(ref row, FeatureCount))
                {
                    Margins<MissingAwareStep>(ref row, treeEnd, margins);
                }
                else
                {
                    Margins<DenseStep>(ref row, treeEnd, margins);
                }

                switch (transform)
                {
                    case OutputTransform.Softmax:
                        ObjectiveMath.Softmax(margins);
                        break;
                    case OutputTransform.ArgMax:
                        output[r] = ObjectiveMath.ArgMax(margins);
                        break;
                    case OutputTransform.Sigmoid:
                        for (var g = 0; g < groups; g++)
                        {
                            margins[g] = ObjectiveMath.Sigmoid(margins[g]);
                        }

                        break;
                    case OutputTransform.Exp:
                        for (var g = 0; g < groups; g++)
                        {
                            margins[g] = MathF.Exp(margins[g]);
                        }

                        break;
                    case OutputTransform.Identity:
                    default:
                        break;
                }

                row = ref Unsafe.Add(ref row, FeatureCount);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private static bool HasMissing(ref float row, int count)
    {
        var missing = false;
        for (var i = 0; i < count; i++)
        {
            missing |= float.IsNaN(Unsafe.Add(ref row, i));
        }

        return missing;
    }

    /// <summary>
    /// One row's margin over trees [0, <paramref name="treeEnd"/>) of a one-group model: a float accumulator
    /// adding leaf values in tree order from the base margin, as libxgboost's <c>preds[row] += leaf</c>.
    /// </summary>
    private float Margin<TStep>(ref float row, int treeEnd)
        where TStep : struct, IStep
    {
        ref var nodes = ref Unsafe.As<TreeNode, byte>(ref MemoryMarshal.GetArrayDataReference(_nodes));
        ref var roots = ref MemoryMarshal.GetArrayDataReference(_roots);
        ref var laneDepths = ref MemoryMarshal.GetArrayDataReference(_laneDepths);
        var sum = BaseMargin;
        var t = 0;
        for (; t + Lanes <= treeEnd; t += Lanes)
        {
            var n0 = (nint)(uint)Unsafe.Add(ref roots, t);
            var n1 = (nint)(uint)Unsafe.Add(ref roots, t + 1);
            var n2 = (nint)(uint)Unsafe.Add(ref roots, t + 2);
            var n3 = (nint)(uint)Unsafe.Add(ref roots, t + 3);
            var n4 = (nint)(uint)Unsafe.Add(ref roots, t + 4);
            var n5 = (nint)(uint)Unsafe.Add(ref roots, t + 5);
            var n6 = (nint)(uint)Unsafe.Add(ref roots, t + 6);
            var n7 = (nint)(uint)Unsafe.Add(ref roots, t + 7);
            for (var d = Unsafe.Add(ref laneDepths, t / Lanes); d > 0; d--)
            {
                n0 = TStep.Next(ref nodes, ref row, n0);
                n1 = TStep.Next(ref nodes, ref row, n1);
                n2 = TStep.Next(ref nodes, ref row, n2);
                n3 = TStep.Next(ref nodes, ref row, n3);
                n4 = TStep.Next(ref nodes, ref row, n4);
                n5 = TStep.Next(ref nodes, ref row, n5);
                n6 = TStep.Next(ref nodes, ref row, n6);
                n7 = TStep.Next(ref nodes, ref row, n7);
            }

            sum += LeafValue(ref nodes, n0);
            sum += LeafValue(ref nodes, n1);
            sum += LeafValue(ref nodes, n2);
            sum += LeafValue(ref nodes, n3);
            sum += LeafValue(ref nodes, n4);
            sum += LeafValue(ref nodes, n5);
            sum += LeafValue(ref nodes, n6);
            sum += LeafValue(ref nodes, n7);
        }

        for (; t < treeEnd; t++)
        {
            sum += LeafValue(ref nodes, Walk<TStep>(ref nodes, ref row, Unsafe.Add(ref roots, t), _depths[t]));
        }

        return sum;
    }

    /// <summary>
    /// One row's margins per output group: each group's float starts at the base margin and adds the leaf
    /// values of that group's trees (tree_info) in tree order.
    /// </summary>
    private void Margins<TStep>(ref float row, int treeEnd, Span<float> margins)
        where TStep : struct, IStep
    {
        ref var nodes = ref Unsafe.As<TreeNode, byte>(ref MemoryMarshal.GetArrayDataReference(_nodes));
        ref var roots = ref MemoryMarshal.GetArrayDataReference(_roots);
        ref var laneDepths = ref MemoryMarshal.GetArrayDataReference(_laneDepths);
        ref var groups = ref MemoryMarshal.GetArrayDataReference(_treeGroups);
        margins.Fill(BaseMargin);
        ref var margin = ref MemoryMarshal.GetReference(margins);
        var t = 0;
        for (; t + Lanes <= treeEnd; t += Lanes)
        {
            var n0 = (nint)(uint)Unsafe.Add(ref roots, t);
            var n1 = (nint)(uint)Unsafe.Add(ref roots, t + 1);
            var n2 = (nint)(uint)Unsafe.Add(ref roots, t + 2);
            var n3 = (nint)(uint)Unsafe.Add(ref roots, t + 3);
            var n4 = (nint)(uint)Unsafe.Add(ref roots, t + 4);
            var n5 = (nint)(uint)Unsafe.Add(ref roots, t + 5);
            var n6 = (nint)(uint)Unsafe.Add(ref roots, t + 6);
            var n7 = (nint)(uint)Unsafe.Add(ref roots, t + 7);
            for (var d = Unsafe.Add(ref laneDepths, t / Lanes); d > 0; d--)
            {
                n0 = TStep.Next(ref nodes, ref row, n0);
                n1 = TStep.Next(ref nodes, ref row, n1);
                n2 = TStep.Next(ref nodes, ref row, n2);
                n3 = TStep.Next(ref nodes, ref row, n3);
                n4 = TStep.Next(ref nodes, ref row, n4);
                n5 = TStep.Next(ref nodes, ref row, n5);
                n6 = TStep.Next(ref nodes, ref row, n6);
                n7 = TStep.Next(ref nodes, ref row, n7);
            }

            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t)) += LeafValue(ref nodes, n0);
            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t + 1)) += LeafValue(ref nodes, n1);
            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t + 2)) += LeafValue(ref nodes, n2);
            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t + 3)) += LeafValue(ref nodes, n3);
            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t + 4)) += LeafValue(ref nodes, n4);
            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t + 5)) += LeafValue(ref nodes, n5);
            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t + 6)) += LeafValue(ref nodes, n6);
            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t + 7)) += LeafValue(ref nodes, n7);
        }

        for (; t < treeEnd; t++)
        {
            Unsafe.Add(ref margin, Unsafe.Add(ref groups, t)) +=
                LeafValue(ref nodes, Walk<TStep>(ref nodes, ref row, Unsafe.Add(ref roots, t), _depths[t]));
        }
    }

    private static nint Walk<TStep>(ref byte nodes, ref float row, int root, int depth)
        where TStep : struct, IStep
    {
        var node = (nint)(uint)root;
        for (; depth > 0; depth--)
        {
            node = TStep.Next(ref nodes, ref row, node);
        }

        return node;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref readonly TreeNode At(ref byte nodes, nint offset) =>
        ref Unsafe.As<byte, TreeNode>(ref Unsafe.AddByteOffset(ref nodes, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LeafValue(ref byte nodes, nint offset) => At(ref nodes, offset).Threshold;

    /// <summary>
    /// One step down a tree from the node at a byte offset to a child's, without a branch; a leaf steps to
    /// itself, so a walk takes its tree's depth in steps. No bounds checks: the loader checked every child
    /// and feature index, and <see cref="Run"/> the row's length.
    /// </summary>
    private interface IStep
    {
        static abstract nint Next(ref byte nodes, ref float row, nint node);
    }

    /// <summary>For rows without NaN: left when <c>value &lt; threshold</c>, as libxgboost's <c>LeftChild() + !(fvalue &lt; split_cond)</c>.</summary>
    private readonly struct DenseStep : IStep
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static nint Next(ref byte nodes, ref float row, nint node)
        {
            ref readonly var current = ref At(ref nodes, node);
            var value = Unsafe.Add(ref row, (nint)(uint)(current.FeatureAndDefault & int.MaxValue));
            var right = !(value < current.Threshold);
            return (nint)(uint)Unsafe.Add(ref Unsafe.AsRef(in current.Left), Unsafe.BitCast<bool, byte>(right));
        }
    }

    /// <summary>For rows with NaN: a missing value goes to the node's default child.</summary>
    private readonly struct MissingAwareStep : IStep
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static nint Next(ref byte nodes, ref float row, nint node)
        {
            ref readonly var current = ref At(ref nodes, node);
            var featureAndDefault = current.FeatureAndDefault;
            var value = Unsafe.Add(ref row, (nint)(uint)(featureAndDefault & int.MaxValue));
            var left = (value < current.Threshold) | (float.IsNaN(value) & (featureAndDefault < 0));
            return (nint)(uint)Unsafe.Add(ref Unsafe.AsRef(in current.Left), Unsafe.BitCast<bool, byte>(left) ^ 1);
        }
    }
}
