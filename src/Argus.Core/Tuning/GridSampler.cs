using Argus.Core.Errors;

namespace Argus.Core.Tuning;

/// <summary>
/// Walks the Cartesian product of per-dimension value lists in a fixed order: the first parameter varies
/// slowest and the last fastest (as <c>itertools.product</c>); a choice contributes the union of its branches,
/// each branch's own parameters enumerated only under it. Choices, randint, quniform and qloguniform are
/// enumerated exactly; other dimensions use <see cref="GridSamplerOptions.ContinuousPoints"/> points. The
/// sampler is stateless: the next point is number <c>history.Count</c>, and null once all
/// <see cref="Count"/> points were suggested. The random source is not used.
/// </summary>
public sealed class GridSampler : ISampler
{
    private readonly double[][] _values;
    private readonly Dictionary<SpaceItem, long> _counts = [];

    /// <summary>Creates a grid; options and the resulting grid size are validated once, all problems reported together.</summary>
    public GridSampler(SearchSpace space, GridSamplerOptions? options = null)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        options ??= new GridSamplerOptions();
        var errors = new List<string>(options.Validate());
        SearchSpace.ThrowIfAny(errors, "Invalid grid options:");
        _values = new double[space.DimensionCount][];
        foreach (var dimension in space.Dimensions)
        {
            _values[dimension.Id] = GridValues(dimension.Node, options.ContinuousPoints);
            if (_values[dimension.Id].Length > options.MaxValuesPerDimension)
            {
                errors.Add($"'{dimension.Key}' has {_values[dimension.Id].Length} grid values, more than {options.MaxValuesPerDimension}.");
            }
        }

        SearchSpace.ThrowIfAny(errors, "Search space cannot be gridded:");
        try
        {
            Count = CountOf(space.Roots);
        }
        catch (OverflowException)
        {
            throw ArgusException.InvalidParameter("Search space cannot be gridded: the grid has more than 2^63 points.");
        }
    }

    /// <inheritdoc/>
    public SearchSpace Space { get; }

    /// <summary>Number of grid points.</summary>
    public long Count { get; }

    /// <summary>The grid values (raw) of a dimension by id, for inspection.</summary>
    internal IReadOnlyList<double> ValuesOf(int dimensionId) => _values[dimensionId];

    /// <inheritdoc/>
    public Configuration? Suggest(IReadOnlyList<Trial> history, Random random)
    {
        ArgumentNullException.ThrowIfNull(history);
        return At(history.Count);
    }

    /// <summary>Grid point number <paramref name="index"/>, or null past the end.</summary>
    public Configuration? At(long index)
    {
        if (index < 0 || index >= Count)
        {
            return null;
        }

        var raw = new double[Space.DimensionCount];
        Decode(Space.Roots, index, raw);
        return Space.Build(dimension => raw[dimension.Id]);
    }

    private void Decode(SpaceItem[] items, long index, double[] raw)
    {
        for (var e = items.Length - 1; e >= 0; e--)
        {
            var item = items[e];
            var count = _counts[item];
            var digit = index % count;
            index /= count;
            if (item.Dimension is not { } dimension)
            {
                continue;
            }

            if (dimension.Node is not ChoiceNode)
            {
                raw[dimension.Id] = _values[dimension.Id][digit];
                continue;
            }

            for (var b = 0; b < item.Branches.Length; b++)
            {
                var branchCount = CountOf(item.Branches[b]);
                if (digit < branchCount)
                {
                    raw[dimension.Id] = b;
                    Decode(item.Branches[b], digit, raw);
                    break;
                }

                digit -= branchCount;
            }
        }
    }

    private long CountOf(SpaceItem[] items)
    {
        long product = 1;
        foreach (var item in items)
        {
            product = checked(product * CountOf(item));
        }

        return product;
    }

    private long CountOf(SpaceItem item)
    {
        if (_counts.TryGetValue(item, out var known))
        {
            return known;
        }

        long count = 1;
        if (item.Dimension is { } dimension)
        {
            if (dimension.Node is ChoiceNode)
            {
                count = 0;
                foreach (var branch in item.Branches)
                {
                    count = checked(count + CountOf(branch));
                }
            }
            else
            {
                count = _values[dimension.Id].Length;
            }
        }

        _counts[item] = count;
        return count;
    }

    private static double[] GridValues(SpaceNode node, int points)
    {
        switch (node)
        {
            case ChoiceNode:
                return [];
            case RandIntDistribution r:
                return Enumerate(r.Low, r.Upper - 1, 1.0);
            case UniformDistribution { Q: { } q } u:
                return u.Log
                    ? Enumerate((long)Math.Round(Math.Exp(u.Low) / q), (long)Math.Round(Math.Exp(u.High) / q), q)
                    : Enumerate((long)Math.Round(u.Low / q), (long)Math.Round(u.High / q), q);
            case UniformDistribution u:
                {
                    var values = new double[points];
                    for (var i = 0; i < points; i++)
                    {
                        var x = u.Low + ((u.High - u.Low) * i / (points - 1));
                        values[i] = u.Log ? Math.Exp(x) : x;
                    }

                    return values;
                }

            case NormalDistribution n:
                {
                    var values = new List<double>(points);
                    for (var i = 0; i < points; i++)
                    {
                        var x = n.Mu + (n.Sigma * (-2.0 + (4.0 * i / (points - 1))));
                        var value = SearchSpace.Quantize(n.Log ? Math.Exp(x) : x, n.Q);
                        if (!values.Contains(value))
                        {
                            values.Add(value);
                        }
                    }

                    return [.. values];
                }

            default:
                throw new ArgusException(ErrorCode.InternalError, $"Unexpected search space node {node.GetType().Name}.");
        }
    }

    private static double[] Enumerate(long first, long last, double step)
    {
        // Capped so an absurd range reports its size through the MaxValuesPerDimension check instead of allocating.
        var length = last >= first ? Math.Min(last - first + 1, int.MaxValue / 2) : 0;
        if (length > 10_000_000)
        {
            return new double[Math.Min(length, 10_000_001)];
        }

        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (first + i) * step;
        }

        return values;
    }
}
