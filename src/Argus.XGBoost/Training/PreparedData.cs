using Argus.Core.Data;

namespace Argus.XGBoost.Training;

/// <summary>A typed table, its task and target, the encoder fitted on its training rows, and the encoded parts.</summary>
public sealed record PreparedData(Table Table, TaskType Task, string Target, TabularEncoder Encoder, EncodedData Train, EncodedData Validation, EncodedData? Test);
