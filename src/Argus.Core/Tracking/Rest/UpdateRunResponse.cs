namespace Argus.Core.Tracking.Rest;

/// <summary>Reply to runs/update.</summary>
public sealed record UpdateRunResponse(RunInfo RunInfo);
