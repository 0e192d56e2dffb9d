using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Argus.Core.Errors;

/// <summary>
/// Failures of the storage underneath Argus that are not the request's fault and pass on their own: the database
/// restarting or unreachable, its connection slots taken, a SQLite file locked past the busy timeout. Requests that meet
/// one are answered TEMPORARILY_UNAVAILABLE (503, which MLflow clients retry), not a 500; and a full disk.
/// </summary>
public static class StorageFailures
{
    private const int NoSpace = 28; // ENOSPC
    private const int QuotaExceeded = 122; // EDQUOT
    private const int DiskFullWindows = 0x70; // ERROR_DISK_FULL

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the database cannot be reached right now.</summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Connection exceptions (08…), the server shutting down or starting (57P01–57P03), too many connections.
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED
                case DbException:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="exception"/> is a write that failed for lack of space (disk full or quota).</summary>
    public static bool IsDiskFull(IOException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = exception.HResult & 0xFFFF;
        return code is NoSpace or QuotaExceeded || (OperatingSystem.IsWindows() && code == DiskFullWindows);
    }
}
