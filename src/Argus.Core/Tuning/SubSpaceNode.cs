namespace Argus.Core.Tuning;

/// <summary>A branch of a <see cref="ChoiceNode"/>: a label and the parameters that exist only in this branch.</summary>
/// <param name="Label">The value the choice takes when this branch is chosen; null means the option index (a <see cref="long"/>).</param>
/// <param name="Entries">The branch's parameters.</param>
public sealed record SubSpaceNode(string? Label, IReadOnlyList<SpaceEntry> Entries) : SpaceNode
{
    internal override void Validate(string path, List<string> errors)
    {
    }
}
