using Argus.Core.Data;

namespace Argus.Core.Inference;

/// <summary>How <see cref="FeedbackCsv"/> reads a ground-truth file.</summary>
public sealed record FeedbackCsvOptions
{
    /// <summary>
    /// The column holding the true values (such as the model's target name).
    /// </summary>
    /// <value>Null: <c>actual</c> when the file has it, else the one column that is not <c>request_id</c>, <c>row</c> or <c>timestamp</c>.</value>
    public string? TargetColumn { get; init; }

    /// <summary>The clock that stamps rows without a <c>timestamp</c> column.</summary>
    /// <value><see cref="TimeProvider.System"/></value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How fields are split.</summary>
    /// <value><see cref="CsvOptions.Default"/></value>
    public CsvOptions Csv { get; init; } = CsvOptions.Default;

    /// <summary>The defaults.</summary>
    public static FeedbackCsvOptions Default { get; } = new();
}
