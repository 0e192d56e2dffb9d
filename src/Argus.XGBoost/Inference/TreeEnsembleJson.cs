using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Argus.Core.Errors;

namespace Argus.XGBoost.Inference;

/// <summary>
/// Reads an XGBoost JSON model (the schema libxgboost 1.7 writes) into a <see cref="TreeEnsemble"/>,
/// checking every index the predictor will follow, so the hot path can run without bounds checks.
/// </summary>
internal static class TreeEnsembleJson
{
    internal static TreeEnsemble Read(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            throw ArgusException.InvalidParameter("The model buffer is empty.");
        }

        JsonDocument document;
        try
        {
            // Parse (not ParseValue) so anything after the model is an error too.
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new ArgusException(
                ErrorCode.InvalidParameterValue,
                $"The model is not XGBoost JSON ({e.Message}). UBJSON and the legacy binary format are not read: save the model as JSON.",
                e);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static TreeEnsemble Read(JsonElement root)
    {
        var learner = Property(root, "learner", "model");
        var modelParam = Property(learner, "learner_model_param", "learner");
        var featureCount = IntParameter(modelParam, "num_feature", "learner_model_param");
        var numClass = IntParameter(modelParam, "num_class", "learner_model_param");
        var numTarget = modelParam.TryGetProperty("num_target", out _) ? IntParameter(modelParam, "num_target", "learner_model_param") : 1;
        var baseScore = FloatParameter(modelParam, "base_score", "learner_model_param");
        if (featureCount <= 0 || numClass < 0 || numTarget < 1)
        {
            throw Invalid($"learner_model_param has num_feature={featureCount}, num_class={numClass}, num_target={numTarget}.");
        }

        if (numTarget > 1)
        {
            throw new ArgusException(ErrorCode.NotImplemented, $"The managed predictor does not support multi-target models (num_target={numTarget}).");
        }

        var objective = AsString(Property(Property(learner, "objective", "learner"), "name", "learner.objective"), "learner.objective.name");
        var transform = ObjectiveMath.TransformOf(objective);
        var baseMargin = ObjectiveMath.BaseMargin(objective, baseScore);
        // LearnerModelParam: num_output_group = max(num_class, num_target).
        var groups = Math.Max(numClass, numTarget);

        var booster = Property(learner, "gradient_booster", "learner");
        var boosterName = AsString(Property(booster, "name", "learner.gradient_booster"), "learner.gradient_booster.name");
        if (boosterName != "gbtree")
        {
            throw new ArgusException(
                ErrorCode.NotImplemented,
                $"The managed predictor supports the gbtree booster only, not '{boosterName}' (dart weights its trees at prediction; gblinear has none).");
        }

        var model = Property(booster, "model", "learner.gradient_booster");
        var treeParam = Property(model, "gbtree_model_param", "gradient_booster.model");
        var parallelTrees = IntParameter(treeParam, "num_parallel_tree", "gbtree_model_param");
        var declaredTrees = IntParameter(treeParam, "num_trees", "gbtree_model_param");
        if (treeParam.TryGetProperty("size_leaf_vector", out _) && IntParameter(treeParam, "size_leaf_vector", "gbtree_model_param") != 0)
        {
            throw new ArgusException(ErrorCode.NotImplemented, "The managed predictor does not support vector-leaf (multi-target) trees.");
        }

        var treesJson = AsArray(Property(model, "trees", "gradient_booster.model"), "gradient_booster.model.trees");
        var treeInfo = IntArray(Property(model, "tree_info", "gradient_booster.model"), "gradient_booster.model.tree_info");
        var treeCount = treesJson.GetArrayLength();
        var layerTrees = (long)groups * parallelTrees;
        if (parallelTrees < 1 || layerTrees > int.MaxValue || declaredTrees != treeCount || treeInfo.Length != treeCount || treeCount % layerTrees != 0)
        {
            throw Invalid(
                $"it has {treeCount} trees, num_trees={declaredTrees}, {treeInfo.Length} tree_info entries, num_parallel_tree={parallelTrees} and {groups} output groups; "
                + "the trees must make whole rounds of groups × parallel trees.");
        }

        for (var t = 0; t < treeInfo.Length; t++)
        {
            if ((uint)treeInfo[t] >= (uint)groups)
            {
                throw Invalid($"tree_info[{t}] = {treeInfo[t]} is not an output group of the {groups}.");
            }
        }

        // libxgboost places each tree by its "id", not by its position in the array.
        var trees = new JsonElement?[treeCount];
        foreach (var tree in treesJson.EnumerateArray())
        {
            var id = AsInt(Property(tree, "id", "tree"), "tree.id");
            if ((uint)id >= (uint)treeCount || trees[id] is not null)
            {
                throw Invalid($"tree id {id} is out of range or repeated among {treeCount} trees.");
            }

            trees[id] = tree;
        }

        var builder = new Builder(featureCount);
        var roots = new int[treeCount];
        var depths = new int[treeCount];
        for (var t = 0; t < treeCount; t++)
        {
            (roots[t], depths[t]) = builder.AddTree(trees[t]!.Value, t);
        }

        var boostedRounds = checked((int)(treeCount / layerTrees));
        var bestIteration = BestIteration(learner, boostedRounds);
        var featureNames = learner.TryGetProperty("feature_names", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Select(n => AsString(n, "learner.feature_names")).ToArray()
            : [];
        if (featureNames.Length != 0 && featureNames.Length != featureCount)
        {
            throw Invalid($"it names {featureNames.Length} features but has num_feature={featureCount}.");
        }

        return new TreeEnsemble(
            objective, transform, baseScore, baseMargin, featureCount, featureNames, groups, parallelTrees, boostedRounds,
            bestIteration, builder.Nodes.ToArray(), roots, depths, treeInfo);
    }

    /// <summary>learner.attributes.best_iteration, checked as <see cref="Booster"/> checks it on load.</summary>
    private static int? BestIteration(JsonElement learner, int boostedRounds)
    {
        if (!learner.TryGetProperty("attributes", out var attributes)
            || attributes.ValueKind != JsonValueKind.Object
            || !attributes.TryGetProperty("best_iteration", out var value))
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var best) || best >= boostedRounds)
        {
            throw ArgusException.InvalidParameter($"The model's best_iteration attribute '{text}' is not a round of its {boostedRounds} rounds.");
        }

        return best;
    }

    /// <summary>Lays out every tree's reachable nodes in one array, the two children of a split side by side.</summary>
    private sealed class Builder(int featureCount)
    {
        private readonly Stack<(int Source, int Target, int Depth)> _pending = new();

        internal List<TreeNode> Nodes { get; } = [];

        /// <summary>Adds tree <paramref name="index"/>; returns its root's index and its depth (steps to its deepest leaf).</summary>
        internal (int Root, int Depth) AddTree(JsonElement tree, int index)
        {
            var path = $"tree {index}";
            if (tree.TryGetProperty("tree_param", out var treeParam)
                && treeParam.TryGetProperty("size_leaf_vector", out _)
                && IntParameter(treeParam, "size_leaf_vector", path + ".tree_param") != 0)
            {
                throw new ArgusException(ErrorCode.NotImplemented, $"The managed predictor does not support vector-leaf (multi-target) trees ({path}).");
            }

            if (tree.TryGetProperty("split_type", out var splitTypes)
                && IntArray(splitTypes, path + ".split_type").Any(type => type != 0))
            {
                throw new ArgusException(ErrorCode.NotImplemented, $"The managed predictor does not support categorical splits ({path} has one).");
            }

            var left = IntArray(Property(tree, "left_children", path), path + ".left_children");
            var right = IntArray(Property(tree, "right_children", path), path + ".right_children");
            var features = IntArray(Property(tree, "split_indices", path), path + ".split_indices");
            var conditions = FloatArray(Property(tree, "split_conditions", path), path + ".split_conditions");
            var defaultLeft = BoolArray(Property(tree, "default_left", path), path + ".default_left");
            var count = left.Length;
            if (count == 0 || right.Length != count || features.Length != count || conditions.Length != count || defaultLeft.Length != count)
            {
                throw Invalid($"{path} needs left_children, right_children, split_indices, split_conditions and default_left of one non-zero length.");
            }

            var placed = new bool[count];
            var root = Nodes.Count;
            var depth = 0;
            Reserve(0, placed, path);
            _pending.Push((0, root, 0));
            while (_pending.TryPop(out var item))
            {
                var (source, target, level) = item;
                depth = Math.Max(depth, level);
                // RegTree::Node::IsLeaf: no left child; a leaf's value is kept in split_conditions.
                var l = left[source];
                if (l == -1)
                {
                    Nodes[target] = TreeNode.Leaf(target, conditions[source]);
                    continue;
                }

                var r = right[source];
                // libxgboost steps to LeftChild() + !(value < cond); every tree it builds has right = left + 1.
                if ((uint)l >= (uint)count || r != l + 1 || (uint)r >= (uint)count)
                {
                    throw Invalid($"{path} node {source} has children {l} and {r}; a split node's children must be two adjacent nodes of the tree.");
                }

                if ((uint)features[source] >= (uint)featureCount)
                {
                    throw Invalid($"{path} node {source} splits on feature {features[source]} of {featureCount}.");
                }

                var leftTarget = Reserve(l, placed, path);
                var rightTarget = Reserve(r, placed, path);
                Nodes[target] = TreeNode.Split(features[source], conditions[source], defaultLeft[source], leftTarget, rightTarget);
                _pending.Push((r, rightTarget, level + 1));
                _pending.Push((l, leftTarget, level + 1));
            }

            return (root, depth);
        }

        private int Reserve(int source, bool[] placed, string path)
        {
            if (placed[source])
            {
                throw Invalid($"{path} node {source} is reached twice: the tree is not a tree.");
            }

            placed[source] = true;
            if (Nodes.Count >= int.MaxValue / TreeNode.Size)
            {
                throw ArgusException.InvalidParameter($"The model has more than {int.MaxValue / TreeNode.Size} nodes, more than the managed predictor holds.");
            }

            Nodes.Add(default);
            return Nodes.Count - 1;
        }
    }

    private static ArgusException Invalid(string problem) =>
        ArgusException.InvalidParameter($"The model is not a valid XGBoost JSON model: {problem}");

    private static JsonElement Property(JsonElement element, string name, string path)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            throw Invalid($"{path} has no '{name}'.");
        }

        return value;
    }

    private static JsonElement AsArray(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element : throw Invalid($"{path} is not an array.");

    private static string AsString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Invalid($"{path} is not a string.");

    private static int AsInt(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) ? value : throw Invalid($"{path} is not an integer.");

    /// <summary>A parameter XGBoost writes as a string ("4"); a plain number is accepted too.</summary>
    private static int IntParameter(JsonElement parent, string name, string path)
    {
        var element = Property(parent, name, path);
        if (element.ValueKind == JsonValueKind.String
            && int.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return AsInt(element, $"{path}.{name}");
    }

    private static float FloatParameter(JsonElement parent, string name, string path)
    {
        var element = Property(parent, name, path);
        if (element.ValueKind == JsonValueKind.String
            && float.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return AsFloat(element, $"{path}.{name}");
    }

    /// <summary>
    /// Parses the number's own text to the nearest float, as libxgboost's reader does; XGBoost writes the
    /// shortest text that round-trips, so the float is the one it saved.
    /// </summary>
    private static float AsFloat(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number
        && float.TryParse(JsonMarshal.GetRawUtf8Value(element), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid($"{path} holds a value that is not a number.");

    private static int[] IntArray(JsonElement element, string path)
    {
        var result = new int[AsArray(element, path).GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            result[i++] = AsInt(item, path);
        }

        return result;
    }

    private static float[] FloatArray(JsonElement element, string path)
    {
        var result = new float[AsArray(element, path).GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            result[i++] = AsFloat(item, path);
        }

        return result;
    }

    /// <summary>default_left: 0/1 as XGBoost 1.7 writes it; true/false as older versions did.</summary>
    private static bool[] BoolArray(JsonElement element, string path)
    {
        var result = new bool[AsArray(element, path).GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            result[i++] = item.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => AsInt(item, path) != 0,
            };
        }

        return result;
    }
}
