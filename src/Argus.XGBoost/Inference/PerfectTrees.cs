using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Argus.XGBoost.Inference;

/// <summary>
/// A one-group tree ensemble re-laid as perfect binary trees, walked eight rows at a time with AVX2 gathers.
/// </summary>
/// <remarks>
/// Each tree of depth D becomes 2^D − 1 split slots in heap order (children of slot i at 2i + 1 and 2i + 2) and 2^D
/// leaves; a leaf shallower than D is copied into every leaf below it, under pseudo-splits whose two sides are the same,
/// so every row takes exactly D steps and no child is loaded: the next slot is arithmetic. The eight lanes of a vector
/// are eight rows on one tree; four such vectors are in flight so the gathers' latency overlaps. The top levels of a
/// tree are few slots, so their splits are read with in-register permutes instead of gathers: levels of up to 8 slots
/// (0–3) with AVX2's <c>vpermps</c>, of up to 16 (level 4) with AVX-512's two-table <c>vpermt2ps</c>; only the deeper
/// levels, the row values and the leaves are gathered. Each row adds its leaves in tree order from the base margin,
/// in float, as the scalar walk and libxgboost do: the sums are identical.
/// </remarks>
internal sealed unsafe class PerfectTrees
{
    /// <summary>Rows per vector.</summary>
    public const int Width = 8;

    /// <summary>Vectors of rows walked side by side.</summary>
    public const int Blocks = 4;

    // Deeper trees would take 2^depth slots each; above this the scalar walk stays.
    private const int MaxDepth = 10;
    private const long MaxSlots = 1 << 22;

    private readonly int[] _splits;
    private readonly float[] _thresholds;
    private readonly float[] _leaves;
    private readonly int[] _splitStart;
    private readonly int[] _leafStart;
    private readonly int[] _depths;
    private readonly int _permuteLevels;

    private PerfectTrees(int[] splits, float[] thresholds, float[] leaves, int[] splitStart, int[] leafStart, int[] depths, bool avx512)
    {
        _permuteLevels = avx512 ? 5 : 4;
        _splits = splits;
        _thresholds = thresholds;
        _leaves = leaves;
        _splitStart = splitStart;
        _leafStart = leafStart;
        _depths = depths;
    }

    /// <summary>
    /// The layout for these trees, or null when the CPU has no AVX2 or a tree is too deep to lay out.
    /// <paramref name="allowAvx512"/> false keeps to AVX2 where AVX-512 is present (so tests cover both paths).
    /// </summary>
    public static PerfectTrees? TryCreate(TreeNode[] nodes, int[] rootOffsets, int[] depths, int featureCount, bool allowAvx512 = true)
    {
        if (!Avx2.IsSupported || featureCount < 1 || rootOffsets.Length == 0)
        {
            return null;
        }

        long splitSlots = 0;
        long leafSlots = 0;
        foreach (var depth in depths)
        {
            if (depth > MaxDepth)
            {
                return null;
            }

            splitSlots += (1L << depth) - 1;
            leafSlots += 1L << depth;
        }

        if (splitSlots + leafSlots > MaxSlots)
        {
            return null;
        }

        // Padding: a level's permute table is read as 16 slots from the level's first, past the last tree's end.
        var splits = new int[splitSlots + 16];
        var thresholds = new float[splits.Length];
        var leaves = new float[leafSlots];
        var splitStart = new int[rootOffsets.Length];
        var leafStart = new int[rootOffsets.Length];
        var nextSplit = 0;
        var nextLeaf = 0;
        for (var t = 0; t < rootOffsets.Length; t++)
        {
            splitStart[t] = nextSplit;
            leafStart[t] = nextLeaf;
            Fill(nodes, rootOffsets[t] / TreeNode.Size, 0, 0, depths[t], splits.AsSpan(nextSplit), thresholds.AsSpan(nextSplit), leaves.AsSpan(nextLeaf));
            nextSplit += (1 << depths[t]) - 1;
            nextLeaf += 1 << depths[t];
        }

        return new PerfectTrees(splits, thresholds, leaves, splitStart, leafStart, depths, allowAvx512 && Avx512F.VL.IsSupported);
    }

    private static void Fill(TreeNode[] nodes, int node, int slot, int level, int depth, Span<int> splits, Span<float> thresholds, Span<float> leaves)
    {
        ref readonly var current = ref nodes[node];
        var isLeaf = current.Left == node * TreeNode.Size;
        if (level == depth)
        {
            leaves[slot - ((1 << depth) - 1)] = current.Threshold;
            return;
        }

        if (isLeaf)
        {
            // A pseudo-split on column 0: both sides hold this leaf, so where the value sends the row does not matter.
            splits[slot] = 0;
            thresholds[slot] = 0;
            Fill(nodes, node, (2 * slot) + 1, level + 1, depth, splits, thresholds, leaves);
            Fill(nodes, node, (2 * slot) + 2, level + 1, depth, splits, thresholds, leaves);
            return;
        }

        splits[slot] = current.FeatureAndDefault;
        thresholds[slot] = current.Threshold;
        Fill(nodes, current.Left / TreeNode.Size, (2 * slot) + 1, level + 1, depth, splits, thresholds, leaves);
        Fill(nodes, current.Right / TreeNode.Size, (2 * slot) + 2, level + 1, depth, splits, thresholds, leaves);
    }

    /// <summary>
    /// Margins of <see cref="Width"/> × <see cref="Blocks"/> rows starting at <paramref name="rows"/> over trees
    /// [0, <paramref name="treeEnd"/>), into <paramref name="output"/>. NaN goes to the split's default child.
    /// </summary>
    [SkipLocalsInit]
    public void Margins(ReadOnlySpan<float> rows, int featureCount, int treeEnd, float baseMargin, Span<float> output)
    {
        const int Rows = Width * Blocks;
        if (rows.Length < Rows * featureCount || output.Length < Rows)
        {
            throw new ArgumentException("Margins takes Width × Blocks rows.");
        }

        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * featureCount;
        var b0 = lane;
        var b1 = lane + Vector256.Create(Width * featureCount);
        var b2 = lane + Vector256.Create(2 * Width * featureCount);
        var b3 = lane + Vector256.Create(3 * Width * featureCount);
        var s0 = Vector256.Create(baseMargin);
        var s1 = s0;
        var s2 = s0;
        var s3 = s0;
        var featureMask = Vector256.Create(int.MaxValue);
        var two = Vector256.Create(2);
        fixed (float* values = rows)
        fixed (int* splitBase = _splits)
        fixed (float* thresholdBase = _thresholds)
        fixed (float* leafBase = _leaves)
        {
            for (var t = 0; t < treeEnd; t++)
            {
                var splits = splitBase + _splitStart[t];
                var thresholds = thresholdBase + _splitStart[t];
                var i0 = Vector256<int>.Zero;
                var i1 = i0;
                var i2 = i0;
                var i3 = i0;
                var depth = _depths[t];
                var level = 0;
                if (_permuteLevels == 5)
                {
                    for (; level < depth && level < 5; level++)
                    {
                        // The level's slots [2^level − 1, 2^(level+1) − 1) as a 16-entry two-register table.
                        var first = (1 << level) - 1;
                        var splitLow = Vector256.Load(splits + first);
                        var splitHigh = Vector256.Load(splits + first + 8);
                        var thresholdLow = Vector256.Load(thresholds + first);
                        var thresholdHigh = Vector256.Load(thresholds + first + 8);
                        var firstSlot = Vector256.Create(first);
                        i0 = Step(values, b0, i0, Avx512F.VL.PermuteVar8x32x2(splitLow, i0 - firstSlot, splitHigh), Avx512F.VL.PermuteVar8x32x2(thresholdLow, i0 - firstSlot, thresholdHigh), featureMask, two);
                        i1 = Step(values, b1, i1, Avx512F.VL.PermuteVar8x32x2(splitLow, i1 - firstSlot, splitHigh), Avx512F.VL.PermuteVar8x32x2(thresholdLow, i1 - firstSlot, thresholdHigh), featureMask, two);
                        i2 = Step(values, b2, i2, Avx512F.VL.PermuteVar8x32x2(splitLow, i2 - firstSlot, splitHigh), Avx512F.VL.PermuteVar8x32x2(thresholdLow, i2 - firstSlot, thresholdHigh), featureMask, two);
                        i3 = Step(values, b3, i3, Avx512F.VL.PermuteVar8x32x2(splitLow, i3 - firstSlot, splitHigh), Avx512F.VL.PermuteVar8x32x2(thresholdLow, i3 - firstSlot, thresholdHigh), featureMask, two);
                    }
                }
                else
                {
                    for (; level < depth && level < 4; level++)
                    {
                        // The level's slots [2^level − 1, 2^(level+1) − 1) as an 8-entry table.
                        var first = (1 << level) - 1;
                        var splitTable = Vector256.Load(splits + first);
                        var thresholdTable = Vector256.Load(thresholds + first);
                        var firstSlot = Vector256.Create(first);
                        i0 = Step(values, b0, i0, Avx2.PermuteVar8x32(splitTable, i0 - firstSlot), Avx2.PermuteVar8x32(thresholdTable, i0 - firstSlot), featureMask, two);
                        i1 = Step(values, b1, i1, Avx2.PermuteVar8x32(splitTable, i1 - firstSlot), Avx2.PermuteVar8x32(thresholdTable, i1 - firstSlot), featureMask, two);
                        i2 = Step(values, b2, i2, Avx2.PermuteVar8x32(splitTable, i2 - firstSlot), Avx2.PermuteVar8x32(thresholdTable, i2 - firstSlot), featureMask, two);
                        i3 = Step(values, b3, i3, Avx2.PermuteVar8x32(splitTable, i3 - firstSlot), Avx2.PermuteVar8x32(thresholdTable, i3 - firstSlot), featureMask, two);
                    }
                }

                for (; level < depth; level++)
                {
                    i0 = Step(values, b0, i0, Avx2.GatherVector256(splits, i0, 4), Avx2.GatherVector256(thresholds, i0, 4), featureMask, two);
                    i1 = Step(values, b1, i1, Avx2.GatherVector256(splits, i1, 4), Avx2.GatherVector256(thresholds, i1, 4), featureMask, two);
                    i2 = Step(values, b2, i2, Avx2.GatherVector256(splits, i2, 4), Avx2.GatherVector256(thresholds, i2, 4), featureMask, two);
                    i3 = Step(values, b3, i3, Avx2.GatherVector256(splits, i3, 4), Avx2.GatherVector256(thresholds, i3, 4), featureMask, two);
                }

                var leaves = leafBase + _leafStart[t] - ((1 << _depths[t]) - 1);
                s0 += Avx2.GatherVector256(leaves, i0, 4);
                s1 += Avx2.GatherVector256(leaves, i1, 4);
                s2 += Avx2.GatherVector256(leaves, i2, 4);
                s3 += Avx2.GatherVector256(leaves, i3, 4);
            }
        }

        ref var o = ref MemoryMarshal.GetReference(output);
        s0.StoreUnsafe(ref o);
        s1.StoreUnsafe(ref o, Width);
        s2.StoreUnsafe(ref o, 2 * Width);
        s3.StoreUnsafe(ref o, 3 * Width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Step(float* values, Vector256<int> rowBase, Vector256<int> slot, Vector256<int> split, Vector256<float> threshold, Vector256<int> featureMask, Vector256<int> two)
    {
        var value = Avx2.GatherVector256(values, rowBase + (split & featureMask), 4);
        // Left when value < threshold (false for NaN), or when the value is missing and the split's default is left.
        var left = Avx.CompareLessThan(value, threshold).AsInt32()
            | (Avx.CompareUnordered(value, value).AsInt32() & Vector256.ShiftRightArithmetic(split, 31));
        // Left child 2i + 1, right 2i + 2: left is −1 in a lane that goes left.
        return slot + slot + two + left;
    }
}
