namespace Argus.Core.Registry.Rest;

/// <summary>POST registered-models/get-latest-versions (deprecated in MLflow, still served).</summary>
public sealed record GetLatestVersionsRequest(string? Name = null, IReadOnlyList<string>? Stages = null);
