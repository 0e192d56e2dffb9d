using System.Text.Json.Serialization;

namespace Argus.XGBoost.Training;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ModelMetadata))]
internal sealed partial class TrainingJsonContext : JsonSerializerContext;
