namespace Argus.Core.Pipelines;

/// <summary>What an expression reads.</summary>
public enum ExpressionSource
{
    /// <summary><c>${{ params.NAME }}</c>: a parameter of the run.</summary>
    Parameter,

    /// <summary><c>${{ steps.STEP.outputs.KEY }}</c>: an output of an earlier step.</summary>
    StepOutput,

    /// <summary><c>${{ run.id }}</c>, <c>${{ run.started }}</c>, <c>${{ run.scheduled_for }}</c>: a fact about the run.</summary>
    Run,
}
