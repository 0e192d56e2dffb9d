using System.Collections.Frozen;
using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// The registry of stat tests, keyed by Evidently's names, with Evidently's display names, column types, default
/// thresholds and drift comparisons (docs/reference/evidently.md §1.2). The two text-content tests
/// (<c>perc_text_content_drift</c>, <c>abs_text_content_drift</c>) are not implemented yet and are not registered.
/// </summary>
public static class StatTests
{
    private static readonly ColumnType[] Num = [ColumnType.Numerical];
    private static readonly ColumnType[] Cat = [ColumnType.Categorical];
    private static readonly ColumnType[] CatNum = [ColumnType.Categorical, ColumnType.Numerical];

    /// <summary><c>ks</c>: two-sample Kolmogorov-Smirnov p-value; drift when p ≤ 0.05.</summary>
    public static StatTest Ks { get; } = new("ks", "K-S p_value", Num, ScoreKind.PValue, 0.05, DriftRule.LessOrEqual,
        numeric: (s, _) => KolmogorovSmirnov.PValue(s));

    /// <summary><c>chisquare</c>: chi-square goodness-of-fit p-value; drift when p &lt; 0.05.</summary>
    public static StatTest ChiSquare { get; } = new("chisquare", "chi-square p_value", Cat, ScoreKind.PValue, 0.05, DriftRule.Less,
        categorical: (s, _) => GoodnessOfFit.ChiSquare(s));

    /// <summary><c>z</c>: two-proportion z-test p-value; drift when p &lt; 0.05.</summary>
    public static StatTest Z { get; } = new("z", "Z-test p_value", Cat, ScoreKind.PValue, 0.05, DriftRule.Less,
        categorical: (s, _) => GoodnessOfFit.ZTest(s));

    /// <summary><c>jensenshannon</c>: Jensen-Shannon distance (natural log); drift when d ≥ 0.1.</summary>
    public static StatTest JensenShannon { get; } = new("jensenshannon", "Jensen-Shannon distance", CatNum, ScoreKind.Distance, 0.1,
        DriftRule.GreaterOrEqual, numeric: (s, _) => Divergences.JensenShannon(s), categorical: (s, _) => Divergences.JensenShannon(s));

    /// <summary><c>kl_div</c>: Kullback-Leibler divergence KL(ref‖cur); drift when d ≥ 0.1.</summary>
    public static StatTest KlDiv { get; } = new("kl_div", "Kullback-Leibler divergence", CatNum, ScoreKind.Distance, 0.1,
        DriftRule.GreaterOrEqual, numeric: (s, _) => Divergences.KullbackLeibler(s), categorical: (s, _) => Divergences.KullbackLeibler(s));

    /// <summary><c>psi</c>: population stability index; drift when PSI ≥ 0.1.</summary>
    public static StatTest Psi { get; } = new("psi", "PSI", CatNum, ScoreKind.Distance, 0.1, DriftRule.GreaterOrEqual,
        numeric: (s, _) => Divergences.PopulationStabilityIndex(s), categorical: (s, _) => Divergences.PopulationStabilityIndex(s));

    /// <summary><c>wasserstein</c>: Wasserstein distance in reference standard deviations; drift when d ≥ 0.1.</summary>
    public static StatTest Wasserstein { get; } = new("wasserstein", "Wasserstein distance (normed)", Num, ScoreKind.Distance, 0.1,
        DriftRule.GreaterOrEqual, numeric: (s, _) => CdfDistance.WassersteinNormed(s));

    /// <summary><c>anderson</c>: k-sample Anderson-Darling significance level; drift when p &lt; 0.1.</summary>
    public static StatTest Anderson { get; } = new("anderson", "Anderson-Darling", Num, ScoreKind.PValue, 0.1, DriftRule.Less,
        numeric: (s, _) => AndersonDarling.PValue(s));

    /// <summary><c>cramer_von_mises</c>: two-sample Cramér-von Mises p-value; drift when p ≤ 0.1.</summary>
    public static StatTest CramerVonMises { get; } = new("cramer_von_mises", "Cramer-von Mises", Num, ScoreKind.PValue, 0.1,
        DriftRule.LessOrEqual, numeric: (s, _) => Stats.CramerVonMises.PValue(s));

    /// <summary><c>fisher_exact</c>: Fisher's exact test p-value (binary columns of equal size); drift when p &lt; 0.1.</summary>
    public static StatTest FisherExact { get; } = new("fisher_exact", "Fisher's Exact test", Cat, ScoreKind.PValue, 0.1, DriftRule.Less,
        categorical: (s, _) => Stats.FisherExact.PValue(s));

    /// <summary><c>g_test</c>: G-test p-value (equal sizes only); drift when p &lt; 0.1.</summary>
    public static StatTest GTest { get; } = new("g_test", "g_test", Cat, ScoreKind.PValue, 0.1, DriftRule.Less,
        categorical: (s, _) => GoodnessOfFit.GTest(s));

    /// <summary><c>hellinger</c>: Hellinger distance; drift when d ≥ 0.1.</summary>
    public static StatTest Hellinger { get; } = new("hellinger", "Hellinger distance", CatNum, ScoreKind.Distance, 0.1,
        DriftRule.GreaterOrEqual, numeric: (s, _) => Stats.Hellinger.Distance(s), categorical: (s, _) => Stats.Hellinger.Distance(s));

    /// <summary><c>mannw</c>: one-sided Mann-Whitney U p-value; drift when p &lt; 0.05.</summary>
    public static StatTest MannWhitney { get; } = new("mannw", "Mann-Whitney U-rank test", Num, ScoreKind.PValue, 0.05, DriftRule.Less,
        numeric: (s, _) => Stats.MannWhitney.PValue(s));

    /// <summary><c>ed</c>: energy distance in data units; drift when d &gt; 0.1.</summary>
    public static StatTest EnergyDistance { get; } = new("ed", "Energy-distance", Num, ScoreKind.Distance, 0.1, DriftRule.Greater,
        numeric: (s, _) => CdfDistance.Energy(s));

    /// <summary><c>es</c>: Epps-Singleton p-value; drift when p &lt; 0.05.</summary>
    public static StatTest EppsSingleton { get; } = new("es", "Epps-Singleton", Num, ScoreKind.PValue, 0.05, DriftRule.Less,
        numeric: (s, _) => Stats.EppsSingleton.PValue(s));

    /// <summary><c>t_test</c>: Student's t-test p-value; drift when p &lt; 0.05.</summary>
    public static StatTest TTest { get; } = new("t_test", "t_test", Num, ScoreKind.PValue, 0.05, DriftRule.Less,
        numeric: (s, _) => StudentTTest.PValue(s));

    /// <summary><c>empirical_mmd</c>: MMD permutation p-value (100 permutations); drift when p &lt; 0.1.</summary>
    public static StatTest EmpiricalMmd { get; } = new("empirical_mmd", "empirical_mmd", Num, ScoreKind.PValue, 0.1, DriftRule.Less,
        numeric: Stats.EmpiricalMmd.PValue);

    /// <summary><c>TVD</c>: total-variation permutation p-value (1000 permutations); drift when p &lt; 0.1.</summary>
    public static StatTest Tvd { get; } = new("TVD", "Total-Variation-Distance", Cat, ScoreKind.PValue, 0.1, DriftRule.Less,
        categorical: (s, seed) => TotalVariation.PValue(s, seed));

    /// <summary>Every registered test, in Evidently's table order.</summary>
    public static IReadOnlyList<StatTest> All { get; } =
    [
        Ks, ChiSquare, Z, JensenShannon, KlDiv, Psi, Wasserstein, Anderson, CramerVonMises, FisherExact, GTest, Hellinger,
        MannWhitney, EnergyDistance, EppsSingleton, TTest, EmpiricalMmd, Tvd,
    ];

    private static readonly FrozenDictionary<string, StatTest> ByName = All.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The test registered as <paramref name="name"/>; throws <see cref="ArgusException"/> listing the valid names.</summary>
    public static StatTest Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGet(name, out var test)
            ? test
            : throw new ArgusException(ErrorCode.InvalidParameterValue, UnknownMessage(name));
    }

    /// <summary>
    /// The test registered as <paramref name="name"/>, checked against <paramref name="type"/>; throws
    /// <see cref="ArgusException"/> when the name is unknown or the test is not registered for that column type.
    /// </summary>
    public static StatTest Get(string name, ColumnType type)
    {
        var test = Get(name);
        EnsureSupports(test, type);
        return test;
    }

    /// <summary>Looks a test up by name.</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StatTest? test) =>
        ByName.TryGetValue(name, out test);

    /// <summary>Evidently's short name of a column type: <c>num</c>, <c>cat</c>, <c>text</c> (or <c>datetime</c>).</summary>
    public static string ShortName(ColumnType type) => type switch
    {
        ColumnType.Numerical => "num",
        ColumnType.Categorical => "cat",
        ColumnType.Text => "text",
        _ => "datetime",
    };

    internal static string UnknownMessage(string name) =>
        $"No stat test named '{name}'. Available stat tests: {string.Join(", ", All.Select(t => t.Name))}.";

    internal static string UnsupportedMessage(StatTest test, ColumnType type) =>
        $"Stat test '{test.Name}' is not applicable to {ShortName(type)} columns; it is registered for {string.Join(", ", test.ColumnTypes.Select(ShortName))}.";

    internal static void EnsureSupports(StatTest test, ColumnType type)
    {
        if (!test.Supports(type))
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, UnsupportedMessage(test, type));
        }
    }
}
