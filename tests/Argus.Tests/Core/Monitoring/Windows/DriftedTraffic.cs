using Argus.Core.Data;
using Argus.Core.Inference;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Core.Monitoring.Windows;

/// <summary>
/// An inference log of the tips model with one hour of normal traffic and one of drifted traffic, as serving would
/// write it: 100 predictions from <c>start</c>, 30 s apart, of every other tips row; then 100 from <c>start</c> + 1 h with
/// bills five times larger and every party a smoker at Saturday lunch. Request ids are <c>0-i</c> and <c>1-i</c>.
/// </summary>
internal static class DriftedTraffic
{
    public static readonly string[] Columns = ["total_bill", "sex", "smoker", "day", "time", "size"];

    public static async Task WriteAsync(string root, string model, DateTimeOffset start)
    {
        var tips = TableLoader.Load(DataFixtures.TipsPath);
        await using var writer = new InferenceLogWriter(new InferenceLogOptions { Root = root, Instance = "i1" });
        for (var i = 0; i < 100; i++)
        {
            var r = i * 2;
            object?[] normal = [tips["total_bill"].Numbers![r], tips["sex"].Strings![r], tips["smoker"].Strings![r], tips["day"].Strings![r], tips["time"].Strings![r], tips["size"].Strings![r]];
            object?[] drifted = [tips["total_bill"].Numbers![r] * 5, tips["sex"].Strings![r], "Yes", "Sat", "Lunch", tips["size"].Strings![r]];
            foreach (var (hour, row) in new[] { (0, normal), (1, drifted) })
            {
                await writer.WriteAsync(new InferenceRecord
                {
                    RequestId = $"{hour}-{i}",
                    Timestamp = start.AddHours(hour).AddSeconds(30 * i),
                    Model = model,
                    Version = "1",
                    Columns = Columns,
                    Inputs = InferenceInputs.FromRows([row]),
                    Outputs = [3f],
                });
            }
        }
    }
}
