namespace Argus.Core.Tracking.Search;

/// <summary>The right side of a comparison: <see cref="StringValue"/>, <see cref="NumberValue"/> or <see cref="ListValue"/>.</summary>
internal abstract record SearchValue(int Position);
