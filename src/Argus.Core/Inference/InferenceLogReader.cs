using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Argus.Core.Inference;

/// <summary>
/// Reads the inference log written by <see cref="InferenceLogWriter"/>s (any number of instances sharing the root).
/// <para>
/// Order: hour partitions in time order; within an hour the files of all instances are merged by timestamp. Each file
/// is read in the order it was written, which is timestamp order up to the scheduling jitter between concurrent
/// requests, so the stream is in timestamp order up to that jitter (a record may follow one a few milliseconds later).
/// </para>
/// <para>
/// Files are streamed line by line. A line that is not a complete record — the torn last line of a process killed
/// mid-write, or the line a live writer is still writing — is skipped and counted (<see cref="TornLines"/>,
/// <see cref="InvalidLines"/>), never failing the read.
/// </para>
/// </summary>
public sealed class InferenceLogReader
{
    private readonly ILogger _logger;
    private long _tornLines;
    private long _invalidLines;

    /// <summary>A reader of the log under <paramref name="root"/>.</summary>
    public InferenceLogReader(string root, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The log's root directory.</summary>
    public string Root { get; }

    /// <summary>Unterminated last lines skipped so far (a writer killed mid-line, or one still writing it).</summary>
    public long TornLines => Interlocked.Read(ref _tornLines);

    /// <summary>Complete lines skipped so far because they were not a valid record.</summary>
    public long InvalidLines => Interlocked.Read(ref _invalidLines);

    /// <summary>
    /// The records of <paramref name="model"/> with <paramref name="from"/> ≤ timestamp &lt; <paramref name="to"/>, in
    /// timestamp order (see the type's summary for the exact order). Files only open as the enumeration reaches them.
    /// </summary>
    public async IAsyncEnumerable<InferenceRecord> ReadAsync(string model, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        if (from >= to)
        {
            yield break;
        }

        foreach (var hourFiles in Partitions(model, from, to))
        {
            var cursors = new List<FileCursor>(hourFiles.Count);
            try
            {
                var queue = new PriorityQueue<FileCursor, (long Ticks, int File)>(hourFiles.Count);
                for (var i = 0; i < hourFiles.Count; i++)
                {
                    if (Open(hourFiles[i], model, from, to) is not { } cursor)
                    {
                        continue;
                    }

                    cursors.Add(cursor);
                    if (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                    {
                        queue.Enqueue(cursor, (cursor.Current.Timestamp.UtcTicks, i));
                    }
                }

                while (queue.TryDequeue(out var cursor, out var priority))
                {
                    yield return cursor.Current;
                    if (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                    {
                        queue.Enqueue(cursor, (cursor.Current.Timestamp.UtcTicks, priority.File));
                    }
                }
            }
            finally
            {
                foreach (var cursor in cursors)
                {
                    cursor.Dispose();
                }
            }
        }
    }

    /// <summary>The files of each hour that overlaps the range, hour by hour in time order.</summary>
    private IEnumerable<List<string>> Partitions(string model, DateTimeOffset from, DateTimeOffset to)
    {
        var modelDirectory = Path.Combine(Root, InferenceLogPaths.ModelDirectoryName(model));
        if (!Directory.Exists(modelDirectory))
        {
            yield break;
        }

        var firstDay = from.UtcDateTime.Date;
        var lastDay = to.UtcDateTime.Date;
        var days = new List<(DateTime Day, string Path)>();
        foreach (var directory in Directory.EnumerateDirectories(modelDirectory))
        {
            if (InferenceLogPaths.TryParseDay(Path.GetFileName(directory), out var day) && day >= firstDay && day <= lastDay)
            {
                days.Add((day, directory));
            }
        }

        days.Sort((a, b) => a.Day.CompareTo(b.Day));
        foreach (var (day, directory) in days)
        {
            var hours = new SortedDictionary<int, List<string>>();
            foreach (var file in Directory.EnumerateFiles(directory, "*" + InferenceLogPaths.Extension))
            {
                if (!InferenceLogPaths.TryParseHour(Path.GetFileName(file), out var hour))
                {
                    continue;
                }

                var start = new DateTimeOffset(day.AddHours(hour), TimeSpan.Zero);
                if (start < to && start.AddHours(1) > from)
                {
                    if (!hours.TryGetValue(hour, out var files))
                    {
                        hours[hour] = files = [];
                    }

                    files.Add(file);
                }
            }

            foreach (var files in hours.Values)
            {
                files.Sort(StringComparer.Ordinal);
                yield return files;
            }
        }
    }

    private FileCursor? Open(string path, string model, DateTimeOffset from, DateTimeOffset to)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
            return new FileCursor(this, path, new JsonLineReader(stream), model, from.UtcTicks, to.UtcTicks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Deleted (retention) or unreadable since it was listed: the rest of the log still reads.
            InferenceLogMessages.FileUnreadable(_logger, e, path);
            return null;
        }
    }

    private void Skipped(JsonLineReader.LineKind kind, long line, string path)
    {
        if (kind == JsonLineReader.LineKind.Unterminated)
        {
            Interlocked.Increment(ref _tornLines);
            InferenceLogMessages.SkippedLine(_logger, "torn", line, path);
        }
        else
        {
            Interlocked.Increment(ref _invalidLines);
            InferenceLogMessages.SkippedLine(_logger, "invalid", line, path);
        }
    }

    /// <summary>One file's records of the model within the range, in file order.</summary>
    private sealed class FileCursor(InferenceLogReader owner, string path, JsonLineReader lines, string model, long fromTicks, long toTicks) : IDisposable
    {
        private readonly InferenceRecordParser _parser = new();

        public InferenceRecord Current { get; private set; } = null!;

        public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                JsonLineReader.LineKind kind;
                try
                {
                    kind = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    InferenceLogMessages.FileUnreadable(owner._logger, e, path);
                    return false;
                }

                if (kind == JsonLineReader.LineKind.End)
                {
                    return false;
                }

                var line = lines.Line.Span;
                if (line.IsEmpty)
                {
                    continue;
                }

                // An unterminated last line that parses is whole (the process died between the record and its line
                // break); a torn one cannot parse, since a record's closing brace is its last byte.
                if (!_parser.TryParse(line, out var record))
                {
                    owner.Skipped(kind, lines.LineNumber, path);
                    continue;
                }

                var ticks = record!.Timestamp.UtcTicks;
                if (ticks >= fromTicks && ticks < toTicks && string.Equals(record.Model, model, StringComparison.Ordinal))
                {
                    Current = record;
                    return true;
                }
            }
        }

        public void Dispose() => lines.Dispose();
    }
}
