using Argus.Core.Tracking;

namespace Argus.Core.Tuning.Runs;

/// <summary>One trial of a search as recorded in the store.</summary>
/// <param name="Number">Trial number, from 1.</param>
/// <param name="RunId">The child run.</param>
/// <param name="Configuration">What was evaluated.</param>
/// <param name="Loss">The loss of a FINISHED trial; null otherwise.</param>
/// <param name="Status">FINISHED, FAILED or KILLED.</param>
/// <param name="Error">The exception message of a FAILED trial.</param>
public sealed record TuningTrial(int Number, string RunId, Configuration Configuration, double? Loss, RunStatus Status, string? Error);
