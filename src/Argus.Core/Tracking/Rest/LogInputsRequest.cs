namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/log-inputs.</summary>
public sealed record LogInputsRequest(string? RunId = null, IReadOnlyList<DatasetInputMessage>? Datasets = null);
