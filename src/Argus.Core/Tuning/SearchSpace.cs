using System.Globalization;
using Argus.Core.Errors;

namespace Argus.Core.Tuning;

/// <summary>
/// A Hyperopt-style search space: named parameters, each a constant, a prior distribution or a choice whose
/// options may carry their own (conditional) parameters. Built from <see cref="SpaceEntry"/> objects or parsed
/// from JSON with <see cref="Parse"/>; either way the whole tree is validated once and every problem is
/// reported together.
/// </summary>
public sealed class SearchSpace
{
    /// <summary>Separates a choice's name from the names of its branch parameters in a configuration.</summary>
    public const char NestingSeparator = '.';

    private readonly Dimension[] _dimensions;
    private readonly SpaceItem[] _items;

    /// <summary>Validates and compiles a space.</summary>
    /// <exception cref="ArgusException">With <see cref="ErrorCode.InvalidParameterValue"/> listing every problem.</exception>
    public SearchSpace(IReadOnlyList<SpaceEntry> entries)
        : this(entries, [])
    {
    }

    internal SearchSpace(IReadOnlyList<SpaceEntry> entries, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ValidateEntries(entries, "$", errors);
        ThrowIfAny(errors);
        Entries = entries;
        var dimensions = new List<Dimension>();
        var items = new List<SpaceItem>();
        Roots = Compile(entries, "", -1, -1, dimensions, items);
        _dimensions = [.. dimensions];
        _items = [.. items];
    }

    /// <summary>The top-level parameters as given.</summary>
    public IReadOnlyList<SpaceEntry> Entries { get; }

    /// <summary>Sampled parameters, indexed by id, parents before children.</summary>
    internal ReadOnlySpan<Dimension> Dimensions => _dimensions;

    internal int DimensionCount => _dimensions.Length;

    /// <summary>The top-level compiled items (the root of the tree the grid walks).</summary>
    internal SpaceItem[] Roots { get; }

    /// <summary>
    /// Parses the JSON form, e.g. <c>{"lr": {"loguniform": [-3, 0]}, "booster": {"choice": [{"name": "gbtree",
    /// "max_depth": {"randint": [2, 10]}}, "gblinear"]}, "seed": 0}</c>. A value is a constant (number,
    /// string, boolean) or an object with exactly one distribution key whose value is the argument array.
    /// </summary>
    /// <exception cref="ArgusException">With <see cref="ErrorCode.InvalidParameterValue"/> listing every problem with its JSON path.</exception>
    public static SearchSpace Parse(string json) => SearchSpaceJsonReader.Read(json);

    /// <summary>An independent draw from the priors.</summary>
    public Configuration Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Build(dimension => SamplePrior(dimension.Node, random));
    }

    /// <summary>
    /// Rebuilds a configuration from its values (e.g. read back from a tracking store), so samplers can
    /// learn from it. Values of inactive parameters are ignored.
    /// </summary>
    /// <exception cref="ArgusException">When an active parameter is missing or has a value the space cannot produce.</exception>
    public Configuration Encode(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var errors = new List<string>();
        var configuration = Build(dimension =>
        {
            if (!values.TryGetValue(dimension.Key, out var value))
            {
                errors.Add($"'{dimension.Key}' is missing.");
                return double.NaN;
            }

            if (dimension.Node is ChoiceNode)
            {
                var index = Array.FindIndex(dimension.OptionValues, option => SameValue(option, value));
                if (index < 0)
                {
                    errors.Add($"'{dimension.Key}' has a value that is not one of its options.");
                    return double.NaN;
                }

                return index;
            }

            if (value is not (double or long or int or float))
            {
                errors.Add($"'{dimension.Key}' must be a number.");
                return double.NaN;
            }

            return Convert.ToDouble(value, CultureInfo.InvariantCulture);
        });
        ThrowIfAny(errors, "Configuration does not fit the search space:");
        return configuration;
    }

    /// <summary>
    /// Walks the compiled tree parents first, asking <paramref name="draw"/> for each active dimension's raw
    /// value. Inactive dimensions stay NaN; a NaN draw leaves the parameter out.
    /// </summary>
    internal Configuration Build(Func<Dimension, double> draw)
    {
        var raw = new double[_dimensions.Length];
        Array.Fill(raw, double.NaN);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            if (item.ParentId >= 0 && raw[item.ParentId] != item.ParentBranch)
            {
                continue;
            }

            if (item.Dimension is not { } dimension)
            {
                values[item.Key] = item.Constant!;
                continue;
            }

            var value = draw(dimension);
            raw[dimension.Id] = value;
            if (!double.IsNaN(value))
            {
                values[item.Key] = dimension.ToValue(value);
            }
        }

        return new Configuration(this, raw, values);
    }

    /// <summary>One draw from a dimension's prior, as a raw value.</summary>
    internal static double SamplePrior(SpaceNode node, Random random)
    {
        switch (node)
        {
            case UniformDistribution u:
                {
                    var x = u.Low + ((u.High - u.Low) * random.NextDouble());
                    return Quantize(u.Log ? Math.Exp(x) : x, u.Q);
                }

            case NormalDistribution n:
                {
                    var x = n.Mu + (n.Sigma * Gaussian.Sample(random));
                    return Quantize(n.Log ? Math.Exp(x) : x, n.Q);
                }

            case RandIntDistribution r:
                return r.Low + random.NextInt64(r.Upper - r.Low);
            case ChoiceNode c:
                return random.Next(c.Options.Count);
            default:
                throw new ArgusException(ErrorCode.InternalError, $"Unexpected search space node {node.GetType().Name}.");
        }
    }

    /// <summary>Hyperopt's <c>np.round(x / q) * q</c> (ties to even).</summary>
    internal static double Quantize(double x, double? q) =>
        q is { } step ? Math.Round(x / step, MidpointRounding.ToEven) * step : x;

    internal static void ThrowIfAny(List<string> errors, string heading = "Invalid search space:")
    {
        if (errors.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                heading + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }
    }

    private static bool SameValue(object option, object value) => (option, value) switch
    {
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (bool a, bool b) => a == b,
        (long or double, long or double or int or float) =>
            Convert.ToDouble(option, CultureInfo.InvariantCulture) == Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => false,
    };

    private static void ValidateEntries(IReadOnlyList<SpaceEntry> entries, string path, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry is null)
            {
                errors.Add($"{path}: null parameter.");
                continue;
            }

            var entryPath = $"{path}.{entry.Name}";
            if (string.IsNullOrEmpty(entry.Name) || entry.Name.Contains(NestingSeparator, StringComparison.Ordinal))
            {
                errors.Add($"{entryPath}: a parameter name must be non-empty and must not contain '{NestingSeparator}'.");
            }

            if (!names.Add(entry.Name ?? ""))
            {
                errors.Add($"{entryPath}: duplicate parameter name.");
            }

            ValidateNode(entry.Node, entryPath, errors);
        }
    }

    private static void ValidateNode(SpaceNode? node, string path, List<string> errors)
    {
        if (node is null)
        {
            errors.Add($"{path}: missing value.");
            return;
        }

        node.Validate(path, errors);
        if (node is not ChoiceNode choice)
        {
            return;
        }

        var seen = new List<object>();
        for (var i = 0; i < choice.Options.Count; i++)
        {
            var optionPath = $"{path}.choice[{i}]";
            var option = choice.Options[i];
            switch (option)
            {
                case ConstantNode constant:
                    constant.Validate(optionPath, errors);
                    AddDistinct(constant.Value, optionPath);
                    break;
                case SubSpaceNode sub:
                    AddDistinct(sub.Label ?? (object)(long)i, optionPath);
                    ValidateEntries(sub.Entries, optionPath, errors);
                    break;
                default:
                    break;
            }
        }

        void AddDistinct(object? value, string optionPath)
        {
            if (value is null)
            {
                return;
            }

            if (seen.Exists(other => SameValue(other, value)))
            {
                errors.Add($"{optionPath}: duplicate option value.");
            }

            seen.Add(value);
        }
    }

    private static SpaceItem[] Compile(
        IReadOnlyList<SpaceEntry> entries, string prefix, int parentId, int parentBranch,
        List<Dimension> dimensions, List<SpaceItem> items)
    {
        var result = new SpaceItem[entries.Count];
        for (var e = 0; e < entries.Count; e++)
        {
            var entry = entries[e];
            var key = prefix + entry.Name;
            if (entry.Node is ConstantNode constant)
            {
                result[e] = new SpaceItem(key, null, constant.Value, parentId, parentBranch);
                items.Add(result[e]);
                continue;
            }

            var options = entry.Node is ChoiceNode choice
                ? [.. choice.Options.Select((o, i) => o is ConstantNode c ? c.Value : ((SubSpaceNode)o).Label ?? (object)(long)i)]
                : Array.Empty<object>();
            var dimension = new Dimension(dimensions.Count, key, entry.Node, options);
            dimensions.Add(dimension);
            var item = new SpaceItem(key, dimension, null, parentId, parentBranch);
            items.Add(item);
            result[e] = item;
            if (entry.Node is ChoiceNode branches)
            {
                item.Branches = new SpaceItem[branches.Options.Count][];
                for (var b = 0; b < branches.Options.Count; b++)
                {
                    item.Branches[b] = branches.Options[b] is SubSpaceNode sub
                        ? Compile(sub.Entries, key + NestingSeparator, dimension.Id, b, dimensions, items)
                        : [];
                }
            }
        }

        return result;
    }
}
