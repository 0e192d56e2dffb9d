using System.Text;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;
using Argus.Tests.Server.Endpoints;

namespace Argus.Tests.Server.Serving;

/// <summary>
/// Fuzzes <c>argus serve</c> over HTTP: <c>/invocations</c> with mutated JSON and CSV scoring bodies, <c>/feedback</c>
/// with mutated feedback and the form at <c>/</c> with mutated form posts. No reply is a 5xx; JSON routes refuse in
/// MLflow's error shape; the server still answers <c>/ping</c> afterwards.
/// </summary>
[Trait("Category", Fuzz.Category)]
public sealed class ScoringEndpointsFuzzTests(LoggedTipsModel served, ITestOutputHelper output) : IClassFixture<LoggedTipsModel>
{
    private static readonly string[] FeedbackBodies =
    [
        """{"request_id":"r-1","actual":3.5}""",
        """[{"request_id":"r-1","actual":[1.5,2],"row":0},{"request_id":"r-2","actual":"Yes"}]""",
    ];

    [Fact]
    public async Task MutatedRequests_AreScoredOrRefusedWith4xx()
    {
        var seed = Fuzz.Seed(3_141);
        var iterations = Fuzz.Iterations(600);
        var refused = 0;
        for (var i = 0; i < iterations; i++)
        {
            var random = Fuzz.ForIteration(seed, i);
            var (path, body, contentType) = random.Next(10) switch
            {
                < 7 => Scoring(random),
                < 9 => ("/feedback", JsonMutator.Mutate(random, random.Pick(FeedbackBodies)), "application/json"),
                _ => ("/", Form(random), random.Chance(0.9) ? "application/x-www-form-urlencoded" : "multipart/form-data; boundary=xyz"),
            };
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            var where = Fuzz.Where(seed, i, body) + $" to POST {path} as {contentType}";
            var reply = await JsonEndpointsFuzzTests.SendAsync(() => served.Http.PostAsync(path, content), body.Length > LoggedTipsModel.MaxBodyBytes, where);
            if (reply is null)
            {
                refused++;
                continue;
            }

            if (path == "/")
            {
                // The form answers a person in HTML, errors included.
                Assert.True((int)reply.Status < 500, $"Got {(int)reply.Status}: {reply.Text}\n{where}");
            }
            else
            {
                JsonEndpointsFuzzTests.AssertAnsweredOrRefused(reply, where, null!);
            }

            refused += (int)reply.Status >= 400 ? 1 : 0;
        }

        Assert.Equal("\n", await served.Http.GetStringAsync("/ping"));
        output.WriteLine(Fuzz.Summary(seed, iterations, iterations - refused, "answered 2xx"));
        Assert.InRange(refused, 1 + iterations / 5, iterations - 1 - iterations / 20);
    }

    private static (string, byte[], string) Scoring(Random random)
    {
        var (body, contentType) = new ScoringBodyGenerator(random).Next();
        return ("/invocations", body, contentType);
    }

    // total_bill=16.99&sex=Female…, then broken: odd characters, many fields, long values.
    private static byte[] Form(Random random)
    {
        var fields = ScoringBodyGenerator.Columns[..6].Select(c => $"{c}={Uri.EscapeDataString(random.Pick(new[] { "16.99", "Female", "No", "Sun", "Dinner", "2", "", "x" }))}").ToList();
        if (random.Chance(0.1))
        {
            fields.AddRange(Enumerable.Range(0, 1100).Select(n => $"f{n}=1"));
        }

        if (random.Chance(0.1))
        {
            fields.Add("total_bill=" + new string('9', 5000));
        }

        var text = string.Join("&", fields);
        return Encoding.UTF8.GetBytes(random.Chance(0.4) ? random.MutateText(text, ["&", "=", "%", "%ZZ", "%00", "+", "\r\n--xyz\r\n"]) : text);
    }
}
