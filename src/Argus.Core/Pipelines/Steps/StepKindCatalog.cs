using System.Diagnostics.CodeAnalysis;
using Argus.Core.Errors;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// The step kinds a validator or runner knows, by name. Built once from the kinds at hand (<c>new StepKindCatalog(kinds)</c>);
/// <see cref="PipelineYaml"/> checks every step's kind and settings against it.
/// </summary>
public sealed class StepKindCatalog
{
    private readonly Dictionary<string, IStepKind> _byName = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">Two kinds share a name, or a name is empty.</exception>
    public StepKindCatalog(IEnumerable<IStepKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var list = new List<IStepKind>();
        foreach (var kind in kinds)
        {
            ArgumentNullException.ThrowIfNull(kind);
            if (string.IsNullOrWhiteSpace(kind.Name))
            {
                throw new ArgumentException($"A step kind ({kind.GetType().Name}) has no name.", nameof(kinds));
            }

            if (!_byName.TryAdd(kind.Name, kind))
            {
                throw new ArgumentException($"Two step kinds are named '{kind.Name}'.", nameof(kinds));
            }

            list.Add(kind);
        }

        Kinds = list;
    }

    /// <summary>A catalog with no kinds.</summary>
    public static StepKindCatalog Empty { get; } = new([]);

    /// <summary>The kinds in the order given.</summary>
    public IReadOnlyList<IStepKind> Kinds { get; }

    /// <summary>The kinds' names in the order given.</summary>
    public IEnumerable<string> Names => Kinds.Select(k => k.Name);

    public bool TryGet(string name, [NotNullWhen(true)] out IStepKind? kind) => _byName.TryGetValue(name, out kind);

    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the known kinds when there is no kind <paramref name="name"/>.</exception>
    public IStepKind Get(string name) => TryGet(name, out var kind)
        ? kind
        : throw ArgusException.InvalidParameter($"Unknown step kind '{name}'; known kinds: {KnownList()}.");

    /// <summary>The kinds' names for a message: <c>data, tune, train</c>, or <c>none</c>.</summary>
    internal string KnownList() => Kinds.Count == 0 ? "none" : string.Join(", ", Names);
}
