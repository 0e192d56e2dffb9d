using System.Text.Json.Serialization;

namespace Argus.Bench;

/// <summary>Source-generated System.Text.Json for <see cref="ServingProfileRequest"/>, as the ceiling uses.</summary>
[JsonSerializable(typeof(ServingProfileRequest))]
internal sealed partial class ServingProfileJson : JsonSerializerContext;
