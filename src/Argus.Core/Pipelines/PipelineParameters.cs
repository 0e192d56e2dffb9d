using Argus.Core.Errors;

namespace Argus.Core.Pipelines;

/// <summary>A run's parameters: the pipeline's defaults (<c>params:</c>) overridden by the values given for the run.</summary>
public static class PipelineParameters
{
    /// <summary>The defaults of <paramref name="definition"/> with <paramref name="overrides"/> applied.</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming every override the pipeline does not declare.</exception>
    public static IReadOnlyDictionary<string, string> Merge(PipelineDefinition definition, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(overrides);
        var merged = new Dictionary<string, string>(definition.Parameters, StringComparer.Ordinal);
        var unknown = overrides.Keys.Where(k => !merged.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            var declared = merged.Count == 0 ? "it declares none" : "its parameters: " + string.Join(", ", merged.Keys);
            throw ArgusException.InvalidParameter(
                $"Pipeline '{definition.Name}' has no parameter {string.Join(", ", unknown.Select(u => $"'{u}'"))}; {declared}.");
        }

        foreach (var (name, value) in overrides)
        {
            merged[name] = value;
        }

        return merged;
    }

    /// <summary>Reads <c>NAME=VALUE</c> pairs (as <c>--param</c> takes them); the value may be empty and may hold '='.</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming each pair without a name or '=', and each name given twice.</exception>
    public static IReadOnlyDictionary<string, string> ParseAssignments(IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"'{assignment}' is not NAME=VALUE");
            }
            else if (!values.TryAdd(assignment[..equals].Trim(), assignment[(equals + 1)..]))
            {
                problems.Add($"parameter '{assignment[..equals].Trim()}' is given twice");
            }
        }

        return problems.Count == 0
            ? values
            : throw ArgusException.InvalidParameter("Invalid parameters: " + string.Join("; ", problems) + ".");
    }
}
