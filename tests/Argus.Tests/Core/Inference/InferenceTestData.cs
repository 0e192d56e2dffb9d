using Argus.Core.Inference;

namespace Argus.Tests.Core.Inference;

/// <summary>Records and read-back helpers shared by the inference log tests.</summary>
internal static class InferenceTestData
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 15, 0, TimeSpan.Zero);

    private static readonly string[] Columns = ["total_bill", "sex"];

    public static InferenceRecord Record(string requestId, DateTimeOffset timestamp, string model = "tips", float output = 0.5f) => new()
    {
        RequestId = requestId,
        Timestamp = timestamp,
        Model = model,
        Version = "3",
        Columns = Columns,
        Inputs = """[[16.99,"Female"]]"""u8.ToArray(),
        Outputs = [output],
        LatencyMicroseconds = 412,
    };

    public static async Task<List<InferenceRecord>> ReadAllAsync(InferenceLogReader reader, string model = "tips")
    {
        var records = new List<InferenceRecord>();
        await foreach (var record in reader.ReadAsync(model, DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
        {
            records.Add(record);
        }

        return records;
    }

    public static Task<List<InferenceRecord>> ReadAllAsync(string root, string model = "tips") =>
        ReadAllAsync(new InferenceLogReader(root), model);

    /// <summary>Every file under a directory, as paths relative to it with '/' separators, sorted.</summary>
    public static List<string> Files(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
}
