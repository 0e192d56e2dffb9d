using System.CommandLine;
using Argus.Core.Data;

namespace Argus.Cli.Commands.Monitoring;

/// <summary>The options every monitoring command shares: the two CSVs and how their columns are typed.</summary>
internal sealed class MonitoringInputs
{
    public Option<string?> Reference { get; } = new("--reference", "-r") { Description = "The reference CSV (e.g. the training data)." };

    public Option<string> Current { get; } = new("--current", "-c") { Description = "The current CSV (the data to judge).", Required = true };

    public Option<string?> Mapping { get; } = new("--mapping", "-m") { Description = "A column mapping file (YAML or JSON): target, prediction, numerical_features, categorical_features, task." };

    public Option<string?> Target { get; } = new("--target") { Description = "The target column." };

    public Option<string?> Prediction { get; } = new("--prediction") { Description = "The prediction column." };

    public Option<string?> Numerical { get; } = new("--numerical") { Description = "Numerical feature columns, comma-separated." };

    public Option<string?> Categorical { get; } = new("--categorical") { Description = "Categorical feature columns, comma-separated." };

    public Option<string?> Task { get; } = new("--task") { Description = "regression or classification." };

    public IEnumerable<Option> All => [Reference, Current, Mapping, Target, Prediction, Numerical, Categorical, Task];

    /// <summary>
    /// The mapping: the file's, with any column option given on the command line winning; null when neither gives one
    /// (columns are then typed by inference).
    /// </summary>
    public ColumnMapping? ResolveMapping(CliContext context)
    {
        var mapping = context.Get(Mapping) is { } path ? ColumnMapping.Load(path) : null;
        var target = context.Get(Target);
        var prediction = context.Get(Prediction);
        var numerical = List(context.Get(Numerical));
        var categorical = List(context.Get(Categorical));
        var task = context.Get(Task);
        if (mapping is null && target is null && prediction is null && numerical is null && categorical is null && task is null)
        {
            return null;
        }

        mapping ??= new ColumnMapping();
        return mapping with
        {
            Target = target ?? mapping.Target,
            Prediction = prediction ?? mapping.Prediction,
            NumericalFeatures = numerical ?? mapping.NumericalFeatures,
            CategoricalFeatures = categorical ?? mapping.CategoricalFeatures,
            Task = task ?? mapping.Task,
        };
    }

    /// <summary>Reads both files with the same mapping; the current one's schema is also imposed on the reference, so both are typed alike.</summary>
    public (Table? Reference, Table Current) Load(CliContext context)
    {
        var mapping = ResolveMapping(context);
        var referencePath = context.Get(Reference);
        var reference = referencePath is null ? null : TableLoader.Load(referencePath, mapping);
        var currentPath = context.Get(Current)!;
        var current = reference is null ? TableLoader.Load(currentPath, mapping) : TableLoader.LoadLike(currentPath, reference);
        return (reference, current);
    }

    private static List<string>? List(string? text) =>
        text is null ? null : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
