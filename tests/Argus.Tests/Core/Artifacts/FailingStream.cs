namespace Argus.Tests.Core.Artifacts;

/// <summary>
/// An upload body that gives <c>bytesBeforeFailure</c> bytes of 'x' (at most 100 a read unless told otherwise), then
/// calls <c>onFailure</c> and throws <see cref="IOException"/> ("connection reset"), as a client that drops mid-upload.
/// </summary>
internal sealed class FailingStream(long bytesBeforeFailure = 100, int chunk = 100, Action? onFailure = null) : Stream
{
    private long _given;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_given >= bytesBeforeFailure)
        {
            onFailure?.Invoke();
            throw new IOException("connection reset");
        }

        var n = (int)Math.Min(Math.Min(count, chunk), bytesBeforeFailure - _given);
        Array.Fill(buffer, (byte)'x', offset, n);
        _given += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
