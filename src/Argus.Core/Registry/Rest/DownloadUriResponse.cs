namespace Argus.Core.Registry.Rest;

/// <summary>Reply to model-versions/get-download-uri.</summary>
public sealed record DownloadUriResponse(string ArtifactUri);
