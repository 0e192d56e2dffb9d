namespace Argus.XGBoost.Training;

/// <summary>One input column of a model's signature: its name and type (numerical or categorical).</summary>
public sealed record ModelInput(string Name, string Type);
