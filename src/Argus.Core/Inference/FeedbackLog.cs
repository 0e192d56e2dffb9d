using System.Runtime.CompilerServices;
using System.Text.Json;
using Argus.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Argus.Core.Inference;

/// <summary>
/// Ground truth for logged predictions (<c>POST /feedback</c>, <c>argus feedback FILE</c>), appended to
/// <c>&lt;root&gt;/&lt;model&gt;/feedback/&lt;yyyy-MM-dd&gt;-&lt;instance&gt;.jsonl</c> (the UTC day it arrives) and joined to the
/// inference log by request id. Feedback is low-volume: every append is written and fsynced before it returns.
/// </summary>
public sealed class FeedbackLog
{
    // Feedback arrives after its prediction; a day of margin covers clocks that disagree between replicas.
    private static readonly TimeSpan ClockSkewMargin = TimeSpan.FromDays(1);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _appendLock = new();
    private long _tornLines;
    private long _invalidLines;

    /// <summary>A feedback log under <paramref name="root"/> (the inference log's root).</summary>
    /// <param name="root">The log's root directory.</param>
    /// <param name="timeProvider">The clock that picks the day file; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="instance">This process's id in file names; a per-process id when null.</param>
    /// <param name="logger">Where skipped lines are reported.</param>
    public FeedbackLog(string root, TimeProvider? timeProvider = null, string? instance = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (instance is not null && InferenceLogPaths.InstanceProblem(instance) is { } problem)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid feedback log instance: " + problem);
        }

        Root = Path.GetFullPath(root);
        Instance = instance ?? InferenceLogPaths.DefaultInstance;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Predictions = new InferenceLogReader(Root, _logger);
    }

    /// <summary>The log's root directory.</summary>
    public string Root { get; }

    /// <summary>This process's id in file names.</summary>
    public string Instance { get; }

    /// <summary>The reader of the predictions that <see cref="ReadJoinedAsync"/> joins to (its skipped-line counters included).</summary>
    public InferenceLogReader Predictions { get; }

    /// <summary>Unterminated last lines of feedback files skipped so far.</summary>
    public long TornLines => Interlocked.Read(ref _tornLines);

    /// <summary>Complete lines of feedback files skipped so far because they were not valid feedback.</summary>
    public long InvalidLines => Interlocked.Read(ref _invalidLines);

    /// <summary>Appends one feedback record durably.</summary>
    public Task AppendAsync(string model, FeedbackRecord feedback, CancellationToken cancellationToken = default) =>
        AppendAsync(model, [feedback], cancellationToken);

    /// <summary>
    /// Appends feedback records durably: written and fsynced before the task completes. All records are checked first
    /// (one error lists every problem), so an invalid batch writes nothing.
    /// </summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE for invalid records; TEMPORARILY_UNAVAILABLE when the disk fails.</exception>
    public Task AppendAsync(string model, IReadOnlyList<FeedbackRecord> feedback, CancellationToken cancellationToken = default)
    {
        // Synchronous on purpose: one small positional write and an fsync, under a lock that must not be held across
        // an await. The task form keeps the door open for a remote implementation.
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            Append(model, feedback);
            return Task.CompletedTask;
        }
        catch (OperationCanceledException)
        {
            return Task.FromCanceled(cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>Every feedback record of a model, file by file (days in order), each file in append order.</summary>
    public IAsyncEnumerable<FeedbackRecord> ReadAsync(string model, CancellationToken cancellationToken = default) =>
        ReadFromAsync(model, DateTime.MinValue, cancellationToken);

    /// <summary>
    /// The predictions of <paramref name="model"/> in [<paramref name="from"/>, <paramref name="to"/>) (in
    /// <see cref="InferenceLogReader.ReadAsync"/> order), each with the ground truth known for it. The model's feedback
    /// (from a day before <paramref name="from"/> on) is held in memory, keyed by request id, while predictions stream.
    /// </summary>
    public async IAsyncEnumerable<JoinedInferenceRecord> ReadJoinedAsync(string model, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        var byRequest = new Dictionary<string, List<FeedbackRecord>>(StringComparer.Ordinal);
        var earliest = from.UtcDateTime > DateTime.MinValue + ClockSkewMargin ? (from.UtcDateTime - ClockSkewMargin).Date : DateTime.MinValue;
        await foreach (var feedback in ReadFromAsync(model, earliest, cancellationToken).ConfigureAwait(false))
        {
            if (!byRequest.TryGetValue(feedback.RequestId, out var list))
            {
                byRequest[feedback.RequestId] = list = [];
            }

            list.Add(feedback);
        }

        foreach (var list in byRequest.Values)
        {
            // Stable, so equal timestamps keep append order and the later append wins.
            var sorted = list.OrderBy(f => f.Timestamp.UtcTicks).ToList();
            list.Clear();
            list.AddRange(sorted);
        }

        await foreach (var prediction in Predictions.ReadAsync(model, from, to, cancellationToken).ConfigureAwait(false))
        {
            yield return byRequest.TryGetValue(prediction.RequestId, out var feedback)
                ? new JoinedInferenceRecord(prediction, feedback, Align(prediction, feedback))
                : new JoinedInferenceRecord(prediction, [], null);
        }
    }

    /// <summary>The true values per row of <paramref name="prediction"/>; later feedback overrides earlier.</summary>
    internal static IReadOnlyList<FeedbackValue>?[]? Align(InferenceRecord prediction, IReadOnlyList<FeedbackRecord> feedback)
    {
        var rows = prediction.RowCount;
        var byRow = new IReadOnlyList<FeedbackValue>?[rows];
        var any = false;
        foreach (var f in feedback)
        {
            if (f.Row is { } row)
            {
                if (row >= 0 && row < rows && f.Actual.Count > 0)
                {
                    byRow[row] = f.Actual;
                    any = true;
                }
            }
            else if (rows > 0 && f.Actual.Count > 0 && f.Actual.Count % rows == 0)
            {
                var width = f.Actual.Count / rows;
                for (var r = 0; r < rows; r++)
                {
                    byRow[r] = width == 1 && rows == 1 ? f.Actual : Slice(f.Actual, r * width, width);
                }

                any = true;
            }
        }

        return any ? byRow : null;
    }

    private static FeedbackValue[] Slice(IReadOnlyList<FeedbackValue> values, int start, int count)
    {
        var slice = new FeedbackValue[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = values[start + i];
        }

        return slice;
    }

    private void Append(string model, IReadOnlyList<FeedbackRecord> feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        Validate(model, feedback);
        if (feedback.Count == 0)
        {
            return;
        }

        using var buffer = new ByteBuffer(128 * feedback.Count);
        using (var json = new Utf8JsonWriter(buffer, InferenceJson.WriterOptions))
        {
            foreach (var record in feedback)
            {
                json.Reset(buffer);
                InferenceJson.WriteFeedback(json, record);
                json.Flush();
                buffer.WriteByte((byte)'\n');
            }
        }

        var path = InferenceLogPaths.FeedbackPath(Root, InferenceLogPaths.ModelDirectoryName(model), _time.GetUtcNow().UtcDateTime, Instance);
        lock (_appendLock)
        {
            try
            {
                using var handle = LogFiles.OpenForAppend(path);
                var offset = LogFiles.PrepareAppend(handle);
                RandomAccess.Write(handle, buffer.WrittenSpan, offset);
                RandomAccess.FlushToDisk(handle);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgusException(ErrorCode.TemporarilyUnavailable, $"Could not store feedback for model '{model}': {e.Message}", e);
            }
        }
    }

    private static void Validate(string model, IReadOnlyList<FeedbackRecord> feedback)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(model))
        {
            problems.Add("model must not be empty");
        }

        for (var i = 0; i < feedback.Count && problems.Count < 20; i++)
        {
            var f = feedback[i];
            var where = feedback.Count == 1 ? "feedback" : $"feedback {i + 1}";
            if (f is null)
            {
                problems.Add($"{where} is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(f.RequestId))
            {
                problems.Add($"{where}: request_id must not be empty");
            }

            if (f.Actual is null || f.Actual.Count == 0)
            {
                problems.Add($"{where}: at least one actual value is required");
            }
            else
            {
                foreach (var value in f.Actual)
                {
                    if (value.IsNumber && !double.IsFinite(value.Number))
                    {
                        problems.Add($"{where}: actual values must be finite numbers or labels (got {value.Number})");
                        break;
                    }
                }
            }

            if (f.Row is < 0)
            {
                problems.Add($"{where}: row must be 0 or more (got {f.Row})");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid feedback: " + string.Join("; ", problems));
        }
    }

    private async IAsyncEnumerable<FeedbackRecord> ReadFromAsync(string model, DateTime earliestDay,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        var directory = Path.Combine(Root, InferenceLogPaths.ModelDirectoryName(model), InferenceLogPaths.FeedbackDirectory);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*" + InferenceLogPaths.Extension))
        {
            var name = Path.GetFileName(file);
            if (name.Length > 10 && InferenceLogPaths.TryParseDay(name[..10], out var day) && day >= earliestDay)
            {
                files.Add(file);
            }
        }

        // yyyy-MM-dd sorts by day.
        files.Sort(StringComparer.Ordinal);
        foreach (var path in files)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                InferenceLogMessages.FileUnreadable(_logger, e, path);
                continue;
            }

            using var lines = new JsonLineReader(stream, 16 * 1024);
            while (true)
            {
                var kind = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (kind == JsonLineReader.LineKind.End)
                {
                    break;
                }

                if (lines.Line.IsEmpty)
                {
                    continue;
                }

                if (InferenceJson.TryParseFeedback(lines.Line.Span, out var feedback))
                {
                    yield return feedback!;
                }
                else if (kind == JsonLineReader.LineKind.Unterminated)
                {
                    Interlocked.Increment(ref _tornLines);
                    InferenceLogMessages.SkippedLine(_logger, "torn", lines.LineNumber, path);
                }
                else
                {
                    Interlocked.Increment(ref _invalidLines);
                    InferenceLogMessages.SkippedLine(_logger, "invalid", lines.LineNumber, path);
                }
            }
        }
    }
}
