namespace Argus.Core.Tuning;

/// <summary>A fixed value that is always part of the configuration when its branch is active.</summary>
/// <param name="Value">A <see cref="double"/>, <see cref="long"/>, <see cref="string"/> or <see cref="bool"/>.</param>
public sealed record ConstantNode(object Value) : SpaceNode
{
    internal override void Validate(string path, List<string> errors)
    {
        if (Value is not (double or long or string or bool))
        {
            errors.Add($"{path}: a constant must be a number, string or boolean.");
        }
        else if (Value is double d && !double.IsFinite(d))
        {
            errors.Add($"{path}: a constant must be finite.");
        }
    }
}
