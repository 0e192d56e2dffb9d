namespace Argus.Core.Pipelines;

/// <summary>
/// One <c>${{ … }}</c> in a setting. <see cref="Name"/> is the parameter, the step, or the run field (<c>id</c>,
/// <c>started</c>, <c>scheduled_for</c>); <see cref="Output"/> is the output key of a step; <see cref="Text"/> is the
/// expression as people read it (<c>steps.data.outputs.path</c>).
/// </summary>
public sealed record ExpressionReference(ExpressionSource Source, string Name, string? Output)
{
    /// <summary>The expression without its braces: <c>params.data</c>, <c>steps.data.outputs.path</c>, <c>run.id</c>.</summary>
    public string Text => Source switch
    {
        ExpressionSource.Parameter => "params." + Name,
        ExpressionSource.StepOutput => $"steps.{Name}.outputs.{Output}",
        _ => "run." + Name,
    };

    public override string ToString() => "${{ " + Text + " }}";
}
