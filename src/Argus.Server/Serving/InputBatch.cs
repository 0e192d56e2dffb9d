using System.Buffers;

namespace Argus.Server.Serving;

/// <summary>
/// Encoded request rows in a pooled, growable row-major buffer (NaN = missing), plus the categories the model
/// never saw (encoded NaN, kept by value so the inference log records what was sent). Return it with
/// <see cref="Dispose"/>.
/// </summary>
internal sealed class InputBatch : IDisposable
{
    private float[] _buffer;

    public InputBatch(int width, int rowsHint = 1)
    {
        Width = width;
        _buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, width * Math.Max(1, rowsHint)));
    }

    public int Width { get; }

    public int Rows { get; private set; }

    /// <summary>The encoded rows: <see cref="Rows"/> × <see cref="Width"/> values.</summary>
    public ReadOnlySpan<float> Values => _buffer.AsSpan(0, Rows * Width);

    /// <summary>
    /// Where the request body holds these rows exactly as the inference log keeps them (a JSON array of rows in
    /// signature order, every value as the model read it), so the log can copy them; null when it does not.
    /// </summary>
    public (int Start, int Length)? RowsJson { get; set; }

    /// <summary>Categories unseen in training: (row, feature, value as sent).</summary>
    public List<(int Row, int Feature, string Value)>? Unseen { get; private set; }

    /// <summary>Appends a row of NaN (every feature missing until set) and returns its index.</summary>
    public int AddRow()
    {
        var needed = (Rows + 1) * Width;
        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<float>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, Rows * Width).CopyTo(larger);
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _buffer.AsSpan(Rows * Width, Width).Fill(float.NaN);
        return Rows++;
    }

    /// <summary>Adds <paramref name="count"/> rows of NaN at once (columnar input).</summary>
    public void AddRows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            AddRow();
        }
    }

    public void Set(int row, int feature, float value) => _buffer[(row * Width) + feature] = value;

    public void AddUnseen(int row, int feature, string value) => (Unseen ??= []).Add((row, feature, value));

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
