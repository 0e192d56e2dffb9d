using Argus.Core.Tracking.Rest;

namespace Argus.Core.Registry.Rest;

/// <summary>POST registered-models/create.</summary>
public sealed record CreateRegisteredModelRequest(string? Name = null, IReadOnlyList<KeyValueMessage>? Tags = null, string? Description = null);
