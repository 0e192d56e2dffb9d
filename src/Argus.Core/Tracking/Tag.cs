namespace Argus.Core.Tracking;

/// <summary>A mutable key/value label on an experiment, a run or a dataset input.</summary>
public sealed record Tag(string Key, string Value);
