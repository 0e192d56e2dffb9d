namespace Argus.Core.Tuning;

/// <summary>Settings of <see cref="TpeSampler"/>, named and defaulted as in hyperopt/tpe.py.</summary>
public sealed record TpeOptions
{
    /// <summary>Trials drawn from the priors before the model is used (<c>n_startup_jobs</c>).</summary>
    /// <value>20</value>
    public int StartupTrials { get; init; } = 20;

    /// <summary>Candidates drawn from l(x) per parameter; the best l/g ratio wins (<c>n_EI_candidates</c>).</summary>
    /// <value>24</value>
    public int Candidates { get; init; } = 24;

    /// <summary>The "good" group holds min(ceil(gamma * sqrt(n)), <see cref="GammaCap"/>) trials (<c>gamma</c>).</summary>
    /// <value>0.25</value>
    public double Gamma { get; init; } = 0.25;

    /// <summary>Upper bound on the "good" group size (<c>gamma_cap</c>, Hyperopt's DEFAULT_LF).</summary>
    /// <value>25</value>
    public int GammaCap { get; init; } = 25;

    /// <summary>Weight of the prior component in each Parzen estimator and prior pseudocount of each category (<c>prior_weight</c>).</summary>
    /// <value>1.0</value>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Only the newest this-many observations get full weight; older ones ramp down (<c>LF</c>). 0 disables.</summary>
    /// <value>25</value>
    public int LinearForgetting { get; init; } = 25;

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (StartupTrials < 0)
        {
            errors.Add($"{nameof(StartupTrials)} must be >= 0 (got {StartupTrials}).");
        }

        if (Candidates < 1)
        {
            errors.Add($"{nameof(Candidates)} must be >= 1 (got {Candidates}).");
        }

        if (!(Gamma > 0 && Gamma <= 1))
        {
            errors.Add($"{nameof(Gamma)} must be in (0, 1] (got {Gamma}).");
        }

        if (GammaCap < 1)
        {
            errors.Add($"{nameof(GammaCap)} must be >= 1 (got {GammaCap}).");
        }

        if (!(PriorWeight > 0 && double.IsFinite(PriorWeight)))
        {
            errors.Add($"{nameof(PriorWeight)} must be > 0 (got {PriorWeight}).");
        }

        if (LinearForgetting < 0)
        {
            errors.Add($"{nameof(LinearForgetting)} must be >= 0 (got {LinearForgetting}).");
        }

        return errors;
    }
}
