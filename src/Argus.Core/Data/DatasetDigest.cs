using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Argus.Core.Data;

/// <summary>
/// A stable identity of a table's canonical content: SHA-256 over a version tag, the column names and types, then
/// every cell row by row (length-prefixed UTF-8; numbers in round-trip <c>"R"</c> form; a missing cell as its own
/// marker). Because the reader drops the BOM and normalises line breaks, the same data with CRLF or LF, with or
/// without a BOM, has the same digest; any changed cell changes it. <see cref="Short"/> (8 hex characters) fits
/// MLflow's 36-character <c>digest</c> field.
/// </summary>
public sealed record DatasetDigest(string Sha256)
{
    /// <summary>The first 8 hex characters of <see cref="Sha256"/>.</summary>
    public string Short => Sha256[..8];

    public static DatasetDigest Compute(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256];
        Append(hash, "argus-dataset-v1", ref buffer);
        foreach (var column in table.Columns)
        {
            Append(hash, column.Name, ref buffer);
            Append(hash, column.Type.ToString(), ref buffer);
        }

        for (var r = 0; r < table.RowCount; r++)
        {
            foreach (var column in table.Columns)
            {
                if (column.Numbers is { } numbers)
                {
                    var value = numbers[r];
                    if (double.IsNaN(value))
                    {
                        AppendMissing(hash);
                    }
                    else
                    {
                        Append(hash, value.ToString("R", CultureInfo.InvariantCulture), ref buffer);
                    }
                }
                else if (column.Strings![r] is { } text)
                {
                    Append(hash, text, ref buffer);
                }
                else
                {
                    AppendMissing(hash);
                }
            }
        }

        return new DatasetDigest(Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static void Append(IncrementalHash hash, string text, ref byte[] buffer)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length) + 4;
        if (buffer.Length < needed)
        {
            buffer = new byte[needed];
        }

        var length = Encoding.UTF8.GetBytes(text, buffer.AsSpan(4));
        BinaryPrimitives.WriteInt32LittleEndian(buffer, length);
        hash.AppendData(buffer.AsSpan(0, length + 4));
    }

    private static void AppendMissing(IncrementalHash hash)
    {
        Span<byte> marker = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(marker, -1);
        hash.AppendData(marker);
    }
}
