using System.Runtime.InteropServices;

namespace Argus.XGBoost.Inference;

/// <summary>
/// One node of a <see cref="TreeEnsemble"/>, 16 bytes so four share a cache line; every field a step reads
/// is in it. A leaf is a node whose children are itself and whose <see cref="Threshold"/> holds the leaf
/// value, so a walk can take a fixed number of steps without testing for leaves (and several trees can be
/// walked side by side).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct TreeNode
{
    /// <summary>Set in <see cref="FeatureAndDefault"/> when a missing value goes to the left child.</summary>
    internal const int DefaultLeftBit = int.MinValue;

    /// <summary>The split feature's column, with <see cref="DefaultLeftBit"/> when missing goes left; 0 in a leaf.</summary>
    internal readonly int FeatureAndDefault;

    /// <summary>Values below it go left (<c>value &lt; threshold</c>, as libxgboost tests); a leaf's value in a leaf.</summary>
    internal readonly float Threshold;

    /// <summary>Bytes per node; children are kept as byte offsets (index × Size) to save the scaling per step.</summary>
    internal const int Size = 16;

    /// <summary>The left child's byte offset; <see cref="Right"/> follows it, so a step indexes the pair.</summary>
    internal readonly int Left;

    internal readonly int Right;

    private TreeNode(int featureAndDefault, float threshold, int left, int right)
    {
        FeatureAndDefault = featureAndDefault;
        Threshold = threshold;
        Left = left;
        Right = right;
    }

    /// <summary>A split on <paramref name="feature"/> with children at node indices <paramref name="left"/> and <paramref name="right"/>.</summary>
    internal static TreeNode Split(int feature, float threshold, bool defaultLeft, int left, int right) =>
        new(feature | (defaultLeft ? DefaultLeftBit : 0), threshold, left * Size, right * Size);

    /// <summary>A leaf at node index <paramref name="self"/>.</summary>
    internal static TreeNode Leaf(int self, float value) => new(0, value, self * Size, self * Size);
}
