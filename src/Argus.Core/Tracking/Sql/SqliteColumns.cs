using System.Runtime.InteropServices;
using SQLitePCL;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// sqlite3_column_int64 and sqlite3_column_double called on the library SQLitePCLRaw loaded (its e_sqlite3 bundle)
/// without its wrappers, whose SafeHandle and GC transition cost more than SQLite's own work: reading three columns
/// of a million history rows took about 120 ms less. Only when SQLitePCLRaw's provider is e_sqlite3 itself, so the
/// statement pointer and the functions come from the same library; otherwise callers use SQLitePCLRaw's calls.
/// </summary>
internal static class SqliteColumns
{
    private const string Library = "e_sqlite3";

    /// <summary>Whether <see cref="Int64"/> and <see cref="Double"/> may be called.</summary>
    public static bool Usable { get; } = Probe();

    /// <summary>Column <paramref name="column"/> of the current row of a statement the caller keeps open.</summary>
    public static long Int64(sqlite3_stmt statement, int column) => NativeInt64(statement.DangerousGetHandle(), column);

    /// <inheritdoc cref="Int64"/>
    public static double Double(sqlite3_stmt statement, int column) => NativeDouble(statement.DangerousGetHandle(), column);

    private static bool Probe()
    {
        try
        {
            // SQLite answers a NULL statement with a NULL value (0), so this only checks the functions resolve.
            return raw.GetNativeLibraryName() == Library && NativeInt64(IntPtr.Zero, 0) == 0 && NativeDouble(IntPtr.Zero, 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    // Blittable signatures: no marshalling, no unsafe code. The functions only read the statement's current row.
    [DllImport(Library, EntryPoint = "sqlite3_column_int64", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern long NativeInt64(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_double", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern double NativeDouble(IntPtr statement, int column);
}
