using Microsoft.Win32.SafeHandles;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// An unnamed temporary file that holds the blocks of columns read from a CSV file, so that reading a large file keeps
/// only one block per column in memory. The file is unlinked as soon as it is created (on Linux its space lives until
/// the last handle closes, even when the process is killed) and opened with <see cref="FileOptions.DeleteOnClose"/>
/// elsewhere. One thread appends; any number of threads read (positional reads).
/// </summary>
internal sealed class ColumnSpill
{
    private readonly SafeFileHandle _file;
    private long _length;

    private ColumnSpill(SafeFileHandle file) => _file = file;

    /// <summary>Creates the file in the system temporary folder.</summary>
    public static ColumnSpill Create()
    {
        var path = Path.Combine(Path.GetTempPath(), $"argus-columns-{Guid.NewGuid():N}.bin");
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, FileOptions.DeleteOnClose);
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Where an open file cannot be unlinked, DeleteOnClose removes it when the handle closes.
        }

        return new ColumnSpill(file);
    }

    /// <summary>Appends <paramref name="bytes"/>; returns their offset.</summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        var offset = _length;
        RandomAccess.Write(_file, bytes, offset);
        _length += bytes.Length;
        return offset;
    }

    /// <summary>Fills <paramref name="into"/> from <paramref name="offset"/>.</summary>
    public void Read(long offset, Span<byte> into)
    {
        while (!into.IsEmpty)
        {
            var read = RandomAccess.Read(_file, into, offset);
            if (read <= 0)
            {
                throw new IOException("A temporary column file ended early.");
            }

            into = into[read..];
            offset += read;
        }
    }
}
