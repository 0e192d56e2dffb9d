using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// One column of a CSV file as it is read, typed as it goes (<see cref="ColumnFacts"/> for
/// <see cref="SchemaInference"/>) and stored in a <see cref="ColumnSpill"/> rather than in memory.
/// <para>
/// A column starts as numbers: each cell is parsed to a double, and its text is also coded into a dictionary of labels
/// while the column has at most <see cref="LabelLimit"/> distinct texts (so a small-integer column that turns out
/// categorical keeps its labels exactly as written). The first cell that is not a number switches the column to
/// labels: every later cell is coded. If the dictionary had been given up by then, every numeric cell of the column,
/// earlier or later, is labelled by its shortest round-trip form (<c>1.50</c> becomes <c>1.5</c>), so one number is one
/// category.
/// </para>
/// </summary>
internal sealed class StreamingColumn
{
    /// <summary>The most distinct texts a numeric column keeps labels for.</summary>
    public const int LabelLimit = 4096;

    private readonly ColumnSpill _spill;
    private SpilledValues<double>? _numbers;
    private SpilledValues<int>? _codes;
    private CategoryDictionary? _labels = new();
    private readonly HashSet<long> _integers = [];
    private readonly HashSet<double> _distinctNumbers = [];
    private bool _allInteger = true;
    private bool _numbersByValue;
    private int _missing;
    private int _nonMissing;

    public StreamingColumn(string name, int index, ColumnSpill spill)
    {
        Name = name;
        Index = index;
        _spill = spill;
        _numbers = new SpilledValues<double>(spill);
        _codes = new SpilledValues<int>(spill);
    }

    public string Name { get; }

    /// <summary>The 0-based position of the column in its file.</summary>
    public int Index { get; }

    /// <summary>True while every present cell has been a number.</summary>
    public bool IsNumeric => _numbers is not null;

    /// <summary>The first cell that was not a number, with its line; <see langword="null"/> while <see cref="IsNumeric"/>.</summary>
    public (string Text, int Line)? FirstNonNumber { get; private set; }

    public void Add(ReadOnlySpan<char> cell, int line)
    {
        if (MissingValues.IsMissing(cell))
        {
            _missing++;
            _numbers?.Add(double.NaN);
            _codes?.Add(-1);
            return;
        }

        _nonMissing++;
        if (_numbers is not null)
        {
            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                _numbers.Add(value);
                if (_distinctNumbers.Count < ColumnFacts.DistinctCap)
                {
                    _distinctNumbers.Add(value);
                }

                if (_allInteger)
                {
                    _allInteger = long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer);
                    if (_allInteger && _integers.Count < ColumnFacts.DistinctCap)
                    {
                        _integers.Add(integer);
                    }
                }

                if (_labels is not null)
                {
                    _codes!.Add(_labels.GetOrAdd(cell));
                    if (_labels.Count > LabelLimit)
                    {
                        _labels = null;
                        _codes = null;
                    }
                }

                return;
            }

            SwitchToLabels(cell, line);
        }

        _codes!.Add(_numbersByValue && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? _labels!.GetOrAdd(number.ToString("R", CultureInfo.InvariantCulture))
            : _labels!.GetOrAdd(cell));
    }

    /// <summary>Writes the last blocks; call once after the last row.</summary>
    public void Complete()
    {
        _numbers?.Complete();
        _codes?.Complete();
    }

    /// <summary>What inference needs; <see cref="ColumnFacts.DistinctStrings"/> is exact only for a column of labels.</summary>
    public ColumnFacts Facts()
    {
        var numeric = IsNumeric;
        return new ColumnFacts(
            _nonMissing,
            _missing,
            numeric && _allInteger,
            numeric,
            numeric ? _nonMissing == 0 : _labels!.Labels.All(l => ColumnFacts.IsBooleanWord(l)),
            numeric ? _nonMissing == 0 : _labels!.Labels.All(SchemaInference.IsIsoDate),
            _integers.Count,
            _distinctNumbers.Count,
            _labels?.Count ?? _nonMissing);
    }

    /// <summary>The values as numbers; throws when a cell was not a number (naming it and its line).</summary>
    public SpilledValues<double> Numbers(string sourceName)
    {
        if (_numbers is { } numbers)
        {
            return numbers;
        }

        var (text, line) = FirstNonNumber!.Value;
        throw new ArgusException(ErrorCode.InvalidParameterValue,
            $"{sourceName} line {line}, column {Index + 1} ({ErrorText.Quote(Name)}): {ErrorText.Quote(text)} is not a number");
    }

    /// <summary>The values as codes into its labels (−1 = missing), labelling numbers when it must.</summary>
    public (SpilledValues<int> Codes, CategoryDictionary Labels) Codes()
    {
        if (_codes is null || _labels is null)
        {
            RebuildLabels(complete: true);
        }

        return (_codes!, _labels!);
    }

    private void SwitchToLabels(ReadOnlySpan<char> cell, int line)
    {
        FirstNonNumber = (cell.ToString(), line);
        _allInteger = false;
        if (_labels is null)
        {
            _numbers!.Complete();
            RebuildLabels(complete: false);
        }

        _numbers = null;
    }

    // Labels the numbers by their shortest round-trip form; NaN (a missing cell) stays missing.
    private void RebuildLabels(bool complete)
    {
        var numbers = _numbers!.ToArray();
        _numbersByValue = true;
        _labels = new CategoryDictionary();
        _codes = new SpilledValues<int>(_spill);
        foreach (var value in numbers)
        {
            _codes.Add(double.IsNaN(value) ? -1 : _labels.GetOrAdd(value.ToString("R", CultureInfo.InvariantCulture)));
        }

        if (complete)
        {
            _codes.Complete();
        }
    }
}
