namespace Argus.Core.Tuning;

/// <summary>
/// Hyperopt's <c>choice(options)</c>. Each option is a <see cref="ConstantNode"/> (the configuration holds its
/// value) or a <see cref="SubSpaceNode"/> (the configuration holds the branch label and the branch's own
/// parameters, named <c>choiceName.parameterName</c>, are active only when the branch is chosen).
/// </summary>
/// <param name="Options">At least one option.</param>
public sealed record ChoiceNode(IReadOnlyList<SpaceNode> Options) : SpaceNode
{
    internal override void Validate(string path, List<string> errors)
    {
        if (Options.Count == 0)
        {
            errors.Add($"{path}: choice needs at least one option.");
            return;
        }

        for (var i = 0; i < Options.Count; i++)
        {
            if (Options[i] is not (ConstantNode or SubSpaceNode))
            {
                errors.Add($"{path}.choice[{i}]: a choice option must be a constant or a sub-space.");
            }
        }
    }
}
