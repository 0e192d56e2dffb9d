using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Argus.Core.Inference;
using Argus.Server.Serving;
using Argus.XGBoost.Models;

namespace Argus.Bench;

/// <summary>
/// In-process cost of each step of a scoring request (no HTTP), for the serving benchmark's "where the time goes":
/// parsing the body into encoded rows, the managed trees, writing the answer, the inference log's inputs JSON on the
/// request thread and its record serialization on the writer's thread; and, for reference, System.Text.Json
/// deserializing the same body into <c>double[][]</c> as the peers' bare-Kestrel ceiling does. Each step runs
/// <c>--warmup-seconds</c> (2; tiered JIT), then 5 timed batches of <c>--batch-seconds</c> (0.2) each; the median batch gives µs per call, and
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> the bytes allocated per call.
/// </summary>
internal static class ServingProfileCommand
{
    public static async Task RunAsync(BenchArgs args)
    {
        var packageDir = args.Required("package");
        var bodies = args.Text("bodies", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var warmupSeconds = args.Double("warmup-seconds", 2);
        var batchSeconds = args.Double("batch-seconds", 0.2);
        args.RejectUnknown();

        using var package = await ModelPackage.LoadAsync(packageDir).ConfigureAwait(false);
        var model = new ServingModel(package, "tips", "1");
        Console.WriteLine("step\tbody\tus_per_call_median\tmin\tmax\tbytes_per_call");
        foreach (var path in bodies)
        {
            var body = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
            var name = Path.GetFileNameWithoutExtension(path);
            using var batch = ScoringInput.ParseJson(body, model.Schema);
            var outputs = model.Predict(batch);
            var answer = new byte[model.MaxAnswerBytes(outputs.Length)];
            var answerLength = model.WriteAnswer(outputs, answer);
            var record = new InferenceRecord
            {
                RequestId = "0196a0c0d8f47c2e9b1d3f5a7c9e1b3d",
                Timestamp = DateTimeOffset.UnixEpoch,
                Model = model.Name,
                Version = model.Version,
                Columns = model.Schema.Names,
                Inputs = model.InputsJson(batch, body),
                InputsChecked = true,
                Outputs = outputs,
                OutputsJson = model.OutputsJson(answer.AsSpan(0, answerLength)),
                LatencyMicroseconds = 100,
            };
            var w = TimeSpan.FromSeconds(warmupSeconds);
            var n = TimeSpan.FromSeconds(batchSeconds);

            var log = new ArrayBufferWriter<byte>(1 << 20);
            using var logWriter = new Utf8JsonWriter(log, InferenceJson.WriterOptions);

            Report("parse (ScoringInput.ParseJson)", name, w, n, () =>
            {
                using var b = ScoringInput.ParseJson(body, model.Schema);
            });
            Report("predict (TreeEnsemble)", name, w, n, () => model.Predict(batch));
            Report("answer (ServingModel.WriteAnswer)", name, w, n, () => model.WriteAnswer(outputs, answer));
            Report("log inputs (ServingModel.InputsJson)", name, w, n, () => model.InputsJson(batch, body));
            Report("log outputs (ServingModel.OutputsJson, a copy of the answer's array)", name, w, n, () => model.OutputsJson(answer.AsSpan(0, answerLength)));
            Report("log record (InferenceJson.WriteRecord, writer thread)", name, w, n, () =>
            {
                log.ResetWrittenCount();
                logWriter.Reset(log);
                InferenceJson.WriteRecord(logWriter, record);
                logWriter.Flush();
            });
            Report("reference: STJ into double[][] (the ceiling's parse)", name, w, n, () =>
                JsonSerializer.Deserialize(body, ServingProfileJson.Default.ServingProfileRequest));
        }
    }

    // Runs the step for the warm-up time (long enough for tiered JIT to reach its optimized code), then times 5 batches
    // of as many calls as fill the batch time.
    private static void Report(string step, string body, TimeSpan warmup, TimeSpan batchTime, Action action)
    {
        var calls = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < warmup || calls < 50)
        {
            action();
            calls++;
        }

        var perBatch = Math.Max(10, (int)(calls * (batchTime / Stopwatch.GetElapsedTime(started))));
        var perCall = new double[5];
        long bytes = 0;
        for (var b = 0; b < perCall.Length; b++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < perBatch; i++)
            {
                action();
            }

            perCall[b] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / perBatch;
            bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / perBatch;
        }

        Array.Sort(perCall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step}\t{body}\t{perCall[2]:F2}\t{perCall[0]:F2}\t{perCall[4]:F2}\t{bytes}"));
    }
}
