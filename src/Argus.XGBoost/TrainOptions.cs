using System.Globalization;
using Argus.Core.Errors;

namespace Argus.XGBoost;

/// <summary>
/// XGBoost training parameters, named as Argus names them and sent to libxgboost under XGBoost's names.
/// <see cref="Validate"/> reports every invalid value at once.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>The objectives Argus supports.</summary>
    public static IReadOnlyList<string> SupportedObjectives { get; } =
    [
        "reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror", "count:poisson", "reg:tweedie",
        "binary:logistic", "multi:softprob",
    ];

    /// <summary>The tree construction algorithms libxgboost offers on CPU.</summary>
    public static IReadOnlyList<string> SupportedTreeMethods { get; } = ["auto", "exact", "approx", "hist"];

    /// <summary>Learning objective (<c>objective</c>).</summary>
    /// <value>reg:squarederror</value>
    public string Objective { get; init; } = "reg:squarederror";

    /// <summary>Maximum tree depth (<c>max_depth</c>), ≥ 0 (0 = unlimited with hist).</summary>
    /// <value>6</value>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Step size shrinkage (<c>eta</c>, alias learning_rate), in (0, 1].</summary>
    /// <value>0.3</value>
    public double LearningRate { get; init; } = 0.3;

    /// <summary>Row subsample ratio per tree (<c>subsample</c>), in (0, 1].</summary>
    /// <value>1</value>
    public double Subsample { get; init; } = 1;

    /// <summary>Column subsample ratio per tree (<c>colsample_bytree</c>), in (0, 1].</summary>
    /// <value>1</value>
    public double ColsampleByTree { get; init; } = 1;

    /// <summary>Minimum hessian sum in a child (<c>min_child_weight</c>), ≥ 0.</summary>
    /// <value>1</value>
    public double MinChildWeight { get; init; } = 1;

    /// <summary>L2 regularisation (<c>lambda</c>, alias reg_lambda), ≥ 0.</summary>
    /// <value>1</value>
    public double Lambda { get; init; } = 1;

    /// <summary>L1 regularisation (<c>alpha</c>, alias reg_alpha), ≥ 0.</summary>
    /// <value>0</value>
    public double Alpha { get; init; }

    /// <summary>Number of classes (<c>num_class</c>); required by, and only allowed with, multi:softprob.</summary>
    public int? NumClass { get; init; }

    /// <summary>Threads libxgboost uses (<c>nthread</c>); null lets it use every core.</summary>
    public int? NThread { get; init; }

    /// <summary>Random seed (<c>seed</c>) for subsampling.</summary>
    /// <value>0</value>
    public int Seed { get; init; }

    /// <summary>Tree construction algorithm (<c>tree_method</c>).</summary>
    /// <value>auto</value>
    public string TreeMethod { get; init; } = "auto";

    /// <summary>Evaluation metrics (<c>eval_metric</c>), in order; empty uses the objective's default. The last one drives early stopping.</summary>
    public IReadOnlyList<string> EvalMetrics { get; init; } = [];

    /// <summary>Throws one <see cref="ArgusException"/> (InvalidParameterValue) listing every invalid value, or returns.</summary>
    public void Validate() => ThrowIfAny(Problems());

    /// <summary>Every problem with these options, empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!SupportedObjectives.Contains(Objective, StringComparer.Ordinal))
        {
            problems.Add($"objective '{Objective}' is not one of {string.Join(", ", SupportedObjectives)}.");
        }

        // libxgboost sets no upper bound (the seed search space goes to 100); trees stop where splits stop paying.
        if (MaxDepth < 0)
        {
            problems.Add($"max_depth must be >= 0, got {MaxDepth}.");
        }

        CheckUnitInterval(problems, "eta", LearningRate);
        CheckUnitInterval(problems, "subsample", Subsample);
        CheckUnitInterval(problems, "colsample_bytree", ColsampleByTree);
        CheckNonNegative(problems, "min_child_weight", MinChildWeight);
        CheckNonNegative(problems, "lambda", Lambda);
        CheckNonNegative(problems, "alpha", Alpha);

        if (Objective == "multi:softprob")
        {
            if (NumClass is not >= 2)
            {
                problems.Add($"num_class must be at least 2 for multi:softprob, got {NumClass?.ToString(CultureInfo.InvariantCulture) ?? "none"}.");
            }
        }
        else if (NumClass is not null)
        {
            problems.Add($"num_class is only valid with multi:softprob, not with '{Objective}'.");
        }

        if (NThread is <= 0)
        {
            problems.Add($"nthread must be positive, got {NThread}.");
        }

        if (!SupportedTreeMethods.Contains(TreeMethod, StringComparer.Ordinal))
        {
            problems.Add($"tree_method '{TreeMethod}' is not one of {string.Join(", ", SupportedTreeMethods)}.");
        }

        foreach (var metric in EvalMetrics)
        {
            if (string.IsNullOrWhiteSpace(metric) || metric.Any(char.IsWhiteSpace))
            {
                problems.Add($"eval_metric '{metric}' must be a non-empty name without spaces.");
            }
        }

        return problems;
    }

    /// <summary>The options as XGBoost parameters, in the order they are set; eval_metric may repeat.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToParameters()
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("objective", Objective),
            new("max_depth", Format(MaxDepth)),
            new("eta", Format(LearningRate)),
            new("subsample", Format(Subsample)),
            new("colsample_bytree", Format(ColsampleByTree)),
            new("min_child_weight", Format(MinChildWeight)),
            new("lambda", Format(Lambda)),
            new("alpha", Format(Alpha)),
            new("seed", Format(Seed)),
            new("tree_method", TreeMethod),
        };
        if (NumClass is { } numClass)
        {
            parameters.Add(new("num_class", Format(numClass)));
        }

        if (NThread is { } nthread)
        {
            parameters.Add(new("nthread", Format(nthread)));
        }

        foreach (var metric in EvalMetrics)
        {
            parameters.Add(new("eval_metric", metric));
        }

        return parameters;
    }

    internal static void ThrowIfAny(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter(
                $"Invalid XGBoost options ({problems.Count}): {string.Join(" ", problems)}");
        }
    }

    private static void CheckUnitInterval(List<string> problems, string name, double value)
    {
        if (!(value > 0 && value <= 1))
        {
            problems.Add($"{name} must be in (0, 1], got {Format(value)}.");
        }
    }

    private static void CheckNonNegative(List<string> problems, string name, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            problems.Add($"{name} must be a finite value ≥ 0, got {Format(value)}.");
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
