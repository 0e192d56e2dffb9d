using System.Text;

namespace Argus.Tests.Cli;

/// <summary>
/// A thread-safe writer that collects text and lets a test await the first complete line that
/// matches, so a test can read what a long-running command printed without polling.
/// </summary>
internal sealed class LineWaitingWriter : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private int _scanned;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        List<(TaskCompletionSource<string>, string)> completed = [];
        lock (_lock)
        {
            _text.Append(value);
            if (value == '\n')
            {
                var line = _text.ToString(_scanned, _text.Length - _scanned).TrimEnd('\r', '\n');
                _scanned = _text.Length;
                foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
                {
                    _waiters.Remove(waiter);
                    completed.Add((waiter.Found, line));
                }
            }
        }

        foreach (var (found, line) in completed)
        {
            found.TrySetResult(line);
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }

    /// <summary>The first line, already written or still to come, for which <paramref name="match"/> holds.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        lock (_lock)
        {
            var existing = _text.ToString(0, _scanned).Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
            return found.Task;
        }
    }
}
