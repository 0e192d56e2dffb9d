using Microsoft.Win32.SafeHandles;

namespace Argus.Core.Inference;

/// <summary>File primitives shared by the inference and feedback logs.</summary>
internal static class LogFiles
{
    /// <summary>
    /// Opens (creating directories and the file as needed) a log file for appending by positional writes. Other
    /// processes may read it meanwhile.
    /// </summary>
    public static SafeFileHandle OpenForAppend(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
    }

    /// <summary>
    /// The offset where the next line goes. A file that does not end with a line break was cut mid-line (a process
    /// killed mid-write): a line break is written first, so the torn piece stays one bad line of its own instead of
    /// spoiling the next record.
    /// </summary>
    public static long PrepareAppend(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        if (length == 0)
        {
            return 0;
        }

        Span<byte> last = stackalloc byte[1];
        if (RandomAccess.Read(handle, last, length - 1) == 1 && last[0] == (byte)'\n')
        {
            return length;
        }

        RandomAccess.Write(handle, "\n"u8, length);
        return length + 1;
    }
}
