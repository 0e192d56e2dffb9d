namespace Argus.Core.Pipelines;

/// <summary>A setting's text split into literal text and expressions, in order.</summary>
internal sealed class ExpressionTemplate(IReadOnlyList<ExpressionTemplate.Part> parts)
{
    public static ExpressionTemplate Empty { get; } = new([]);

    public IReadOnlyList<Part> Parts { get; } = parts;

    public IReadOnlyList<ExpressionReference> References => [.. Parts.Where(p => p.Reference is not null).Select(p => p.Reference!)];

    /// <summary>Literal text, or an expression (then <see cref="Literal"/> is empty).</summary>
    internal readonly record struct Part(string Literal, ExpressionReference? Reference);
}
