namespace Argus.Core.Registry.Rest;

/// <summary>Reply to model-versions/create, get, update, transition-stage and registered-models/alias (GET).</summary>
public sealed record ModelVersionResponse(ModelVersion ModelVersion);
