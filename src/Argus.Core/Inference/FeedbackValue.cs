using System.Globalization;

namespace Argus.Core.Inference;

/// <summary>One ground-truth value: a number (regression, numeric class) or a label (a class named by text).</summary>
public readonly record struct FeedbackValue
{
    private FeedbackValue(double number, string? label)
    {
        Number = number;
        Label = label;
    }

    /// <summary>The number; NaN when this is a label.</summary>
    public double Number { get; }

    /// <summary>The label; null when this is a number.</summary>
    public string? Label { get; }

    /// <summary>True for a number, false for a label.</summary>
    public bool IsNumber => Label is null;

    public static FeedbackValue FromNumber(double number) => new(number, null);

    public static FeedbackValue FromLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new FeedbackValue(double.NaN, label);
    }

    /// <summary>A number when the text is one (invariant culture), else a label.</summary>
    public static FeedbackValue Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? FromNumber(number)
            : FromLabel(text);
    }

    public static implicit operator FeedbackValue(double number) => FromNumber(number);

    public static implicit operator FeedbackValue(string label) => FromLabel(label);

    public override string ToString() => Label ?? Number.ToString("R", CultureInfo.InvariantCulture);
}
