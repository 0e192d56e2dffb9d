using Argus.Core.Tracking.Rest;

namespace Argus.Core.Registry.Rest;

/// <summary>POST model-versions/create.</summary>
public sealed record CreateModelVersionRequest(string? Name = null, string? Source = null, string? RunId = null, IReadOnlyList<KeyValueMessage>? Tags = null, string? RunLink = null, string? Description = null);
