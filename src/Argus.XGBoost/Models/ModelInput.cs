namespace Argus.XGBoost.Models;

/// <summary>One input column of a model's signature: its name and type (<c>numerical</c> or <c>categorical</c>).</summary>
public sealed record ModelInput(string Name, string Type);
