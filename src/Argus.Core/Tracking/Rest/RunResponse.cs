namespace Argus.Core.Tracking.Rest;

/// <summary>Reply to runs/create and runs/get.</summary>
public sealed record RunResponse(Run Run);
