namespace Argus.Core.Tuning;

/// <summary>A named parameter of a search space or sub-space.</summary>
/// <param name="Name">The parameter name, unique within its space.</param>
/// <param name="Node">What the parameter is.</param>
public sealed record SpaceEntry(string Name, SpaceNode Node);
