using Argus.Core.Errors;

namespace Argus.Core.Data;

/// <summary>How a CSV file is split into fields.</summary>
public sealed record CsvOptions
{
    /// <summary>The field separator.</summary>
    /// <value>Defaults to a comma.</value>
    public char Delimiter { get; init; } = ',';

    /// <summary>The defaults: comma-separated, RFC 4180 quoting.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>Throws one <see cref="ArgusException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Delimiter is '"' or '\r' or '\n')
        {
            problems.Add($"delimiter must not be a quote or a line break (got U+{(int)Delimiter:X4})");
        }

        if (Delimiter == '\uFEFF')
        {
            problems.Add("delimiter must not be a byte order mark");
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid CSV options: " + string.Join("; ", problems));
        }
    }
}
