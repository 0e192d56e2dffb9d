using System.Globalization;
using System.Text;
using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Inference;

/// <summary>
/// Reads ground truth from CSV (<c>argus feedback FILE</c>): a <c>request_id</c> column, the true value column
/// (<c>actual</c> or the target's name, see <see cref="FeedbackCsvOptions.TargetColumn"/>), and optionally <c>row</c>
/// (0-based row of a multi-row request) and <c>timestamp</c> (ISO 8601; else the time of reading). Values that parse as
/// numbers are numbers, others labels.
/// </summary>
public static class FeedbackCsv
{
    public const string RequestIdColumn = "request_id";
    public const string ActualColumn = "actual";
    public const string RowColumn = "row";
    public const string TimestampColumn = "timestamp";

    private const int MaxProblems = 20;

    /// <summary>
    /// Reads and checks the whole file before returning, so a file with an error appends nothing. Errors name the file,
    /// line and column; up to 20 are reported together.
    /// </summary>
    /// <exception cref="ArgusException">RESOURCE_DOES_NOT_EXIST for a missing file; INVALID_PARAMETER_VALUE for bad content.</exception>
    public static async Task<IReadOnlyList<FeedbackRecord>> ReadAsync(string path, FeedbackCsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= FeedbackCsvOptions.Default;
        if (!File.Exists(path))
        {
            throw new ArgusException(ErrorCode.ResourceDoesNotExist, $"Feedback file '{path}' does not exist.");
        }

        // The whole file is checked before anything is appended, so it is read before it is used; CsvReader pulls
        // from a TextReader synchronously, hence one async read of the text first. Feedback files are small.
        var text = await File.ReadAllTextAsync(path, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        using var reader = new StringReader(text);
        return Read(reader, Path.GetFileName(path), options, cancellationToken);
    }

    /// <summary>Reads feedback CSV from a reader; <paramref name="sourceName"/> names it in errors.</summary>
    public static IReadOnlyList<FeedbackRecord> Read(TextReader reader, string sourceName, FeedbackCsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= FeedbackCsvOptions.Default;
        var csv = new CsvReader(reader, sourceName, options.Csv);
        var header = csv.Header;
        var requestId = IndexOf(header, RequestIdColumn);
        var row = IndexOf(header, RowColumn);
        var timestamp = IndexOf(header, TimestampColumn);
        var target = TargetIndex(header, options.TargetColumn, sourceName);
        if (requestId < 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{sourceName} line 1: no '{RequestIdColumn}' column (columns: {ErrorText.List([.. header.Select(h => ErrorText.Shorten(h, ErrorText.MaxQuoted))])})");
        }

        var now = options.TimeProvider.GetUtcNow();
        var records = new List<FeedbackRecord>();
        var problems = new List<string>();
        while (problems.Count < MaxProblems && csv.TryRead(out var fields))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = csv.RecordLine;
            var id = fields[requestId];
            var ok = true;
            if (string.IsNullOrWhiteSpace(id))
            {
                problems.Add(Where(sourceName, line, requestId, header) + "empty request id");
                ok = false;
            }

            var actualText = fields[target];
            if (string.IsNullOrWhiteSpace(actualText))
            {
                problems.Add(Where(sourceName, line, target, header) + "missing true value");
                ok = false;
            }

            int? rowIndex = null;
            if (row >= 0 && !string.IsNullOrWhiteSpace(fields[row]))
            {
                if (int.TryParse(fields[row], NumberStyles.None, CultureInfo.InvariantCulture, out var r))
                {
                    rowIndex = r;
                }
                else
                {
                    problems.Add(Where(sourceName, line, row, header) + $"{ErrorText.Quote(fields[row])} is not a row number (0 or more)");
                    ok = false;
                }
            }

            var at = now;
            if (timestamp >= 0 && !string.IsNullOrWhiteSpace(fields[timestamp]))
            {
                if (DateTimeOffset.TryParse(fields[timestamp], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                {
                    at = t;
                }
                else
                {
                    problems.Add(Where(sourceName, line, timestamp, header) + $"{ErrorText.Quote(fields[timestamp])} is not an ISO 8601 timestamp");
                    ok = false;
                }
            }

            if (ok)
            {
                records.Add(new FeedbackRecord(id, at, [FeedbackValue.Parse(actualText)], rowIndex));
            }
        }

        if (problems.Count > 0)
        {
            var more = problems.Count == MaxProblems ? $" (stopped after {MaxProblems} problems)" : "";
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"Invalid feedback file{more}: " + string.Join("; ", problems));
        }

        return records;
    }

    private static int TargetIndex(IReadOnlyList<string> header, string? targetColumn, string sourceName)
    {
        if (targetColumn is not null)
        {
            var index = IndexOf(header, targetColumn);
            return index >= 0
                ? index
                : throw new ArgusException(ErrorCode.InvalidParameterValue,
                    $"{sourceName} line 1: no '{targetColumn}' column for the true values (columns: {ErrorText.List([.. header.Select(h => ErrorText.Shorten(h, ErrorText.MaxQuoted))])})");
        }

        var actual = IndexOf(header, ActualColumn);
        if (actual >= 0)
        {
            return actual;
        }

        var candidates = new List<int>();
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] is not (RequestIdColumn or RowColumn or TimestampColumn))
            {
                candidates.Add(i);
            }
        }

        return candidates.Count == 1
            ? candidates[0]
            : throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{sourceName} line 1: cannot tell which column holds the true values: name it '{ActualColumn}' or pass the target column " +
                $"(columns: {ErrorText.List([.. header.Select(h => ErrorText.Shorten(h, ErrorText.MaxQuoted))])})");
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Where(string sourceName, int line, int column, IReadOnlyList<string> header) =>
        $"{sourceName} line {line}, column {column + 1} ({ErrorText.Quote(header[column])}): ";
}
