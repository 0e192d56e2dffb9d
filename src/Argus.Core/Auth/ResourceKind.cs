namespace Argus.Core.Auth;

/// <summary>What a permission is granted on.</summary>
public enum ResourceKind
{
    /// <summary>An experiment, named by its id; covers its runs, metrics and artifacts.</summary>
    Experiment,

    /// <summary>A registered model, named by its name; covers its versions and aliases.</summary>
    RegisteredModel,
}
