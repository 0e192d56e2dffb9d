using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Argus.Core.Inference;

/// <summary>
/// Where the inference log puts things: <c>&lt;root&gt;/&lt;model&gt;/&lt;yyyy-MM-dd&gt;/&lt;HH&gt;-&lt;instance&gt;.jsonl</c>
/// (UTC) for predictions and <c>&lt;root&gt;/&lt;model&gt;/feedback/&lt;yyyy-MM-dd&gt;-&lt;instance&gt;.jsonl</c> for ground
/// truth. Model names become one directory name by escaping: every byte of the UTF-8 name outside
/// <c>[A-Za-z0-9_.-]</c>, and a leading dot, is written <c>%XX</c>, so no name can be <c>..</c>, hold a separator or
/// reach outside the root; names whose escaped form is long are cut and suffixed with a hash of the full name.
/// </summary>
internal static class InferenceLogPaths
{
    public const string FeedbackDirectory = "feedback";
    public const string Extension = ".jsonl";
    public const int MaxInstanceLength = 64;

    private const int MaxDirectoryName = 200;
    private const int CutDirectoryName = 180;

    private static readonly Lazy<string> DefaultInstanceValue = new(CreateDefaultInstance);

    /// <summary>
    /// The id of this process's log files: host name, process id and a random suffix, so replicas sharing a directory
    /// (and a restarted process with a reused pid) never write the same file.
    /// </summary>
    public static string DefaultInstance => DefaultInstanceValue.Value;

    /// <summary>The directory name of a model (see the type's summary).</summary>
    public static string ModelDirectoryName(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        var bytes = Encoding.UTF8.GetBytes(model);
        var name = new StringBuilder(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (IsSafe(b) && !(i == 0 && b == (byte)'.'))
            {
                name.Append((char)b);
            }
            else
            {
                name.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        if (name.Length <= MaxDirectoryName)
        {
            return name.ToString();
        }

        // File names are limited to 255 bytes: keep a readable prefix (not splitting a %XX) plus a hash of the whole
        // name. '~' is never produced by escaping, so a cut name cannot equal an uncut one.
        var cut = CutDirectoryName;
        if (name[cut - 1] == '%')
        {
            cut -= 1;
        }
        else if (name[cut - 2] == '%')
        {
            cut -= 2;
        }

        return string.Concat(name.ToString(0, cut), "~", Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)));
    }

    /// <summary>Why an instance id is unusable, or null when it is fine.</summary>
    public static string? InstanceProblem(string? instance)
    {
        if (string.IsNullOrEmpty(instance))
        {
            return "instance must not be empty";
        }

        if (instance.Length > MaxInstanceLength)
        {
            return $"instance must be at most {MaxInstanceLength} characters (got {instance.Length})";
        }

        if (instance[0] == '.')
        {
            return "instance must not start with '.'";
        }

        foreach (var c in instance)
        {
            if (c > 127 || !IsSafe((byte)c))
            {
                return $"instance '{instance}' may only hold letters, digits, '_', '.' and '-'";
            }
        }

        return null;
    }

    /// <summary>The day directory name (<c>yyyy-MM-dd</c>) of a UTC time.</summary>
    public static string DayName(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The file of one model, hour and instance.</summary>
    public static string PartitionPath(string root, string modelDirectory, long hour, string instance)
    {
        var start = new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Utc);
        return Path.Combine(root, modelDirectory, DayName(start),
            string.Create(CultureInfo.InvariantCulture, $"{start.Hour:00}-{instance}{Extension}"));
    }

    /// <summary>The feedback file of one model, day and instance.</summary>
    public static string FeedbackPath(string root, string modelDirectory, DateTime utc, string instance) =>
        Path.Combine(root, modelDirectory, FeedbackDirectory, $"{DayName(utc)}-{instance}{Extension}");

    /// <summary>Parses a day directory name; false for anything else (such as <c>feedback</c>).</summary>
    public static bool TryParseDay(string name, out DateTime day) =>
        DateTime.TryParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out day);

    /// <summary>Parses the hour of a partition file name (<c>HH-instance.jsonl</c>); false for anything else.</summary>
    public static bool TryParseHour(string fileName, out int hour)
    {
        hour = -1;
        if (fileName.Length < 4 + Extension.Length || fileName[2] != '-' || !fileName.EndsWith(Extension, StringComparison.Ordinal)
            || !char.IsAsciiDigit(fileName[0]) || !char.IsAsciiDigit(fileName[1]))
        {
            return false;
        }

        hour = ((fileName[0] - '0') * 10) + (fileName[1] - '0');
        return hour < 24;
    }

    private static bool IsSafe(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z')
        or (>= (byte)'0' and <= (byte)'9') or (byte)'_' or (byte)'-' or (byte)'.';

    private static string CreateDefaultInstance()
    {
        var host = new StringBuilder();
        foreach (var c in Environment.MachineName)
        {
            if (host.Length == 24)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                host.Append(char.ToLowerInvariant(c));
            }
        }

        var suffix = Guid.NewGuid().ToString("N")[..8];
        return host.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"p{Environment.ProcessId}-{suffix}")
            : string.Create(CultureInfo.InvariantCulture, $"{host}-{Environment.ProcessId}-{suffix}");
    }
}
