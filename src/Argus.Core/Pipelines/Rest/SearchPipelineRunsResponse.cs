namespace Argus.Core.Pipelines.Rest;

/// <summary>Reply to runs/search, newest first; <c>next_page_token</c> is omitted on the last page.</summary>
public sealed record SearchPipelineRunsResponse(IReadOnlyList<PipelineRunMessage>? Runs, string? NextPageToken);
