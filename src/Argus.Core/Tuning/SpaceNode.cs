namespace Argus.Core.Tuning;

/// <summary>
/// One node of a search space: a constant, a prior distribution, a choice, or a sub-space (a branch of a
/// choice). Nodes are plain data; <see cref="SearchSpace"/> validates a whole tree at once, so any front end
/// (JSON today, YAML later) builds the same objects and gets the same errors.
/// </summary>
public abstract record SpaceNode
{
    /// <summary>Adds a message per problem of this node (not its children) to <paramref name="errors"/>.</summary>
    internal abstract void Validate(string path, List<string> errors);
}
