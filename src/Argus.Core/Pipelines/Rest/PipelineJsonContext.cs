using System.Text.Json.Serialization;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Pipelines.Rest;

/// <summary>Source-generated JSON metadata for every pipeline wire type (same settings as the tracking context).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(StartPipelineRunRequest))]
[JsonSerializable(typeof(UpdatePipelineStepRequest))]
[JsonSerializable(typeof(AppendStepLogRequest))]
[JsonSerializable(typeof(PipelineHeartbeatRequest))]
[JsonSerializable(typeof(EndPipelineRunRequest))]
[JsonSerializable(typeof(EndPipelineRunResponse))]
[JsonSerializable(typeof(FailAbandonedRunsRequest))]
[JsonSerializable(typeof(FailAbandonedRunsResponse))]
[JsonSerializable(typeof(PipelineRunResponse))]
[JsonSerializable(typeof(SearchPipelineRunsResponse))]
[JsonSerializable(typeof(SetPipelineScheduleRequest))]
[JsonSerializable(typeof(PipelineScheduleResponse))]
[JsonSerializable(typeof(ListPipelineSchedulesResponse))]
[JsonSerializable(typeof(DeletePipelineScheduleRequest))]
[JsonSerializable(typeof(DeletePipelineScheduleResponse))]
[JsonSerializable(typeof(ClaimTickRequest))]
[JsonSerializable(typeof(ClaimTickResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PipelineJsonContext : JsonSerializerContext;
