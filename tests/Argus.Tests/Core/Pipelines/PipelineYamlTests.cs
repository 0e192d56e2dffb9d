using Argus.Core.Errors;
using Argus.Core.Notifications;
using Argus.Core.Pipelines;

namespace Argus.Tests.Core.Pipelines;

public sealed class PipelineYamlTests
{
    private const string Example = """
        name: tips-retrain
        description: Retrain, evaluate and promote the tips model; monitor it.
        params:
          data: data/tips.csv
          model: tips
        defaults:
          retries: 2
          retry_delay: 30s
          backoff: 2
          max_retry_delay: 10m
          timeout: 1h
        on_failure:
          webhook: https://hooks.example/argus
        steps:
          - name: data
            kind: data
            with:
              path: ${{ params.data }}
              target: tip
          - name: tune
            kind: tune
            needs: [data]
            retries: 0
            timeout: 2h
            with:
              data: ${{ steps.data.outputs.path }}
              target: tip
              max_evals: "20"
        """;

    [Fact]
    public void Parse_IssueExample_ReadsEveryPart()
    {
        var definition = PipelineYaml.Parse(Example, TestStepKinds.Argus);

        Assert.Equal("tips-retrain", definition.Name);
        Assert.Equal("Retrain, evaluate and promote the tips model; monitor it.", definition.Description);
        Assert.Equal(new Dictionary<string, string> { ["data"] = "data/tips.csv", ["model"] = "tips" }, definition.Parameters);
        Assert.Equal(Example, definition.Source);
        var webhook = Assert.IsType<WebhookChannelOptions>(Assert.Single(definition.OnFailure!.Channels));
        Assert.Equal(("webhook", new Uri("https://hooks.example/argus")), (webhook.Name, webhook.Url));

        Assert.Equal(["data", "tune"], definition.Steps.Select(s => s.Name));
        var data = definition.Steps[0];
        Assert.Equal("data", data.Kind);
        Assert.Empty(data.Needs);
        Assert.Equal(new RetryPolicy(2, TimeSpan.FromSeconds(30), 2, TimeSpan.FromMinutes(10)), data.Retry);
        Assert.Equal(TimeSpan.FromHours(1), data.Timeout);
        Assert.Equal(StepValue.Of("${{ params.data }}"), data.With["path"]);
        Assert.Equal(StepValue.Of("tip"), data.With["target"]);

        var tune = definition.Steps[1];
        Assert.Equal(["data"], tune.Needs);
        Assert.Equal(0, tune.Retry.Retries);
        Assert.Equal(TimeSpan.FromHours(2), tune.Timeout);
        Assert.Equal(StepValue.Of("20"), tune.With["max_evals"]);
    }

    [Fact]
    public void Parse_NothingButNameAndSteps_DefaultPolicy()
    {
        var definition = PipelineYaml.Parse("""
            name: minimal
            steps:
              - name: only
                kind: noop
            """, TestStepKinds.Simple);

        var step = Assert.Single(definition.Steps);
        Assert.Equal(new RetryPolicy(0, TimeSpan.FromSeconds(30), 2, TimeSpan.FromMinutes(10)), step.Retry);
        Assert.Null(step.Timeout);
        Assert.Empty(step.With);
        Assert.Empty(definition.Parameters);
        Assert.Null(definition.OnFailure);
        Assert.Null(definition.Description);
    }

    [Fact]
    public void Parse_Settings_TextAsWrittenAndListsAsLists()
    {
        var definition = PipelineYaml.Parse("""
            name: settings
            steps:
              - name: say
                kind: echo
                with:
                  text: 0.10
                  items: [a, "b c", 3]
            """, TestStepKinds.Simple);

        var with = definition.Steps[0].With;
        Assert.Equal(StepValue.Of("0.10"), with["text"]);
        Assert.Equal(["a", "b c", "3"], with["items"].List!);
        Assert.Null(with["items"].Text);
    }

    [Fact]
    public void Parse_NeedsAsOneName_ReadAsList()
    {
        var definition = PipelineYaml.Parse("""
            name: p
            steps:
              - {name: a, kind: noop}
              - {name: b, kind: noop, needs: a}
            """, TestStepKinds.Simple);

        Assert.Equal(["a"], definition.Steps[1].Needs);
    }

    [Fact]
    public void Parse_StepPolicy_OverridesDefaultsKeyByKey()
    {
        var definition = PipelineYaml.Parse("""
            name: p
            defaults:
              retries: 3
              retry_delay: 500ms
              backoff: 1.5
              timeout: 1h30m
            steps:
              - name: a
                kind: noop
                retry_delay: 2s
                max_retry_delay: 1m
                timeout: none
            """, TestStepKinds.Simple);

        var step = definition.Steps[0];
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(2), 1.5, TimeSpan.FromMinutes(1)), step.Retry);
        Assert.Null(step.Timeout);
    }

    [Fact]
    public void Parse_RetryDelayLongerThanDefaultCap_CapIsTheDelay()
    {
        var definition = PipelineYaml.Parse("""
            name: p
            defaults: {retries: 1, retry_delay: 20m}
            steps: [{name: a, kind: noop}]
            """, TestStepKinds.Simple);

        Assert.Equal(TimeSpan.FromMinutes(20), definition.Steps[0].Retry.MaxDelay);
    }

    [Fact]
    public void Parse_Alias_ReusesAWholeValue()
    {
        var definition = PipelineYaml.Parse("""
            name: p
            steps:
              - name: a
                kind: echo
                with: &shared
                  text: hello
                  items: [x]
              - name: b
                kind: echo
                with: *shared
            """, TestStepKinds.Simple);

        Assert.Equal(definition.Steps[0].With["text"], definition.Steps[1].With["text"]);
        Assert.Equal(["x"], definition.Steps[1].With["items"].List!);
    }

    [Fact]
    public void Parse_MergeKey_RejectedWithAWayOut()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            steps:
              - name: a
                kind: echo
                with: &shared
                  text: hello
              - name: b
                kind: echo
                with:
                  <<: *shared
            """, TestStepKinds.Simple));

        Assert.Contains("line 10, column 7: merge keys (<<) are not read; repeat the keys, or reuse a whole value with an alias (with: *shared)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyProblems_EveryOneListedWithLineAndColumn()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: bad name!
            stepz: []
            params:
              data: x.csv
            defaults:
              retries: 101
              retry_delay: soon
            steps:
              - name: a
                kind: ecko
              - name: b
                kind: echo
                needs: [a, zz]
                with:
                  txt: hello
              - name: b
                kind: noop
              - name: c
                kind: echo
                with:
                  text: ${{ params.dta }}
                  items: ${{ steps.a.outputs.x }}
            """, TestStepKinds.Simple, "bad.yaml"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        var lines = error.Message.Split('\n');
        Assert.Equal("bad.yaml is not a valid pipeline (11 problems):", lines[0]);
        Assert.Equal(
        [
            "  line 1, column 7: name 'bad name!' must be 1–200 letters, digits, '-', '_', '.' or '/'",
            "  line 2, column 1: unknown key 'stepz' (did you mean 'steps'?); a pipeline has name, description, params, defaults, on_failure, steps",
            "  line 6, column 12: defaults retries must be a whole number from 0 to 100 (got '101')",
            "  line 7, column 16: defaults retry_delay 'soon' is not a duration: a number with a unit ms, s, m, h or d (500ms, 30s, 10m, 1h30m, 30d), or 0",
            "  line 10, column 11: step 'a': unknown kind 'ecko' (did you mean 'echo'?); known kinds: echo, noop",
            "  line 13, column 16: step 'b' needs 'zz', which is not a step",
            "  line 14, column 5: step 'b': kind 'echo' requires setting 'text' (the text)",
            "  line 15, column 7: step 'b': kind 'echo' has no setting 'txt' (did you mean 'text'?); it takes text, items",
            "  line 16, column 11: step name 'b' is used twice (first at line 11)",
            "  line 21, column 13: step 'c' setting 'text': params.dta — the pipeline has no parameter 'dta' (did you mean 'data'?); its parameters: data",
            "  line 22, column 14: step 'c' setting 'items': steps.a.outputs.x — step 'c' does not need 'a' (directly or through other steps), so it may run before its outputs exist; add 'a' to needs",
        ], lines[1..]);
    }

    [Fact]
    public void Parse_Cycle_NamesTheCycleAtItsFirstStep()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: loop
            steps:
              - {name: start, kind: noop}
              - {name: a, kind: noop, needs: [start, b]}
              - {name: b, kind: noop, needs: [c]}
              - {name: c, kind: noop, needs: [a]}
            """, TestStepKinds.Simple));

        Assert.Contains("line 4, column 12: needs form a cycle: a → b → c → a (each step needs the next)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StepNeedsItself_Rejected()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            steps:
              - {name: a, kind: noop, needs: [a]}
            """, TestStepKinds.Simple));

        Assert.Contains("step 'a' needs itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OutputOfStepNeededThroughAnother_Accepted()
    {
        var definition = PipelineYaml.Parse("""
            name: p
            steps:
              - {name: a, kind: noop}
              - {name: b, kind: noop, needs: [a]}
              - name: c
                kind: echo
                needs: [b]
                with:
                  text: "${{steps.a.outputs.x}} and ${{ steps.b.outputs.y }} in ${{ run.id }}"
            """, TestStepKinds.Simple);

        Assert.Equal(["a", "b", "c"], definition.Steps.Select(s => s.Name));
    }

    [Fact]
    public void Parse_OwnOutputOrUnknownStep_Rejected()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            steps:
              - name: a
                kind: echo
                with:
                  text: ${{ steps.a.outputs.x }}
                  items: ["${{ steps.nope.outputs.x }}", "${{ run.when }}", "${{ steps.a.outputs.x"]
            """, TestStepKinds.Simple));

        Assert.Contains("step 'a' setting 'text': steps.a.outputs.x — a step cannot read its own outputs", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'a' setting 'items': steps.nope.outputs.x — there is no step 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'a' setting 'items': '${{ run.when }}' is not an expression: run has id, started, scheduled_for", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'a' setting 'items': '${{ steps.a.outputs.x' does not end with }}; write $${{ for a literal ${{", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SettingShapes_MapsListsForSingleValuesAndEmptyValuesRejected()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            steps:
              - name: a
                kind: echo
                with:
                  text: [one, two]
                  items: {a: 1}
              - name: b
                kind: echo
                with:
                  text:
            """, TestStepKinds.Simple));

        Assert.Contains("line 6, column 13: step 'a': setting 'text' takes one value, not a list", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 7, column 14: step 'a' setting 'items' is a map; settings are text or lists of text", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'b' setting 'text' has no value; write \"\" for empty text, or leave the setting out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SettingWrittenBesideWith_HintsToMoveIt()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            steps:
              - name: a
                kind: echo
                text: hello
            """, TestStepKinds.Simple));

        Assert.Contains("line 5, column 5: step 'a' has no key 'text' ('text' is a setting of kind 'echo': put it under with:)", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'a': kind 'echo' requires setting 'text'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MaxRetryDelayShorterThanDelay_Rejected()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            steps:
              - {name: a, kind: noop, retries: 1, retry_delay: 1m, max_retry_delay: 30s}
            """, TestStepKinds.Simple));

        Assert.Contains("step 'a': max_retry_delay 30s is shorter than retry_delay 1m", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeout: 0", "timeout '0' is not a positive duration")]
    [InlineData("timeout: 5 minutes", "timeout '5 minutes' is not a positive duration")]
    [InlineData("backoff: 0.5", "backoff must be a number from 1 to 10 (got '0.5')")]
    [InlineData("retries: -1", "retries must be a whole number from 0 to 100 (got '-1')")]
    [InlineData("retries: [1]", "retries must be one value, not a list or a map")]
    public void Parse_BadPolicyValue_Rejected(string line, string expected)
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse($"""
            name: p
            steps:
              - name: a
                kind: noop
                {line}
            """, TestStepKinds.Simple));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnFailureEmailAndChannels_ReadAsNotificationOptions()
    {
        var definition = PipelineYaml.Parse("""
            name: p
            on_failure:
              email:
                host: smtp.example.com
                from: argus@example.com
                to: ml@example.com
              channels:
                - {name: chat, type: webhook, url: "https://hooks.example.com/x", format: json}
              attempts: 2
            steps: [{name: a, kind: noop}]
            """, TestStepKinds.Simple);

        var options = definition.OnFailure!;
        Assert.Equal(2, options.Attempts);
        var email = Assert.IsType<EmailChannelOptions>(options.Channels[0]);
        Assert.Equal(("email", "smtp.example.com", "argus@example.com"), (email.Name, email.Host, email.From));
        Assert.Equal(["ml@example.com"], email.To);
        var chat = Assert.IsType<WebhookChannelOptions>(options.Channels[1]);
        Assert.Equal(("chat", WebhookFormat.Json), (chat.Name, chat.Format));
    }

    [Fact]
    public void Parse_OnFailureProblems_ListedWithTheRest()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            on_failure:
              webhok: https://hooks.example.com/x
              email:
                hots: smtp.example.com
              attempts: many
            steps: [{name: a, kind: nope}]
            """, TestStepKinds.Simple));

        Assert.Contains("line 3, column 3: on_failure has no key 'webhok' (did you mean 'webhook'?)", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5, column 5: on_failure email has no setting 'hots' (did you mean 'host'?)", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 6, column 13: on_failure attempts must be a whole number (got 'many')", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 7, column 25: step 'a': unknown kind 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnFailureChannelInvalid_NotificationRulesApply()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            on_failure:
              email: {host: smtp.example.com, from: not-an-address, to: [ml@example.com]}
            steps: [{name: a, kind: noop}]
            """, TestStepKinds.Simple));

        Assert.Contains("line 2, column 1: on_failure: channel 'email': from 'not-an-address' is not an email address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsWhere()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            steps:
              - name: a
                kind: [noop
            """, TestStepKinds.Simple, "broken.yaml"));

        Assert.StartsWith("broken.yaml is not a valid pipeline (1 problem):\n  line ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateKey_Reported()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse("""
            name: p
            name: q
            steps: [{name: a, kind: noop}]
            """, TestStepKinds.Simple));

        Assert.Equal("the YAML is not a valid pipeline (1 problem):\n  line 2, column 1: not valid YAML: 'name' is written twice in the same map", error.Message);
    }

    [Theory]
    [InlineData("", "the file is empty; a pipeline needs at least a name and steps")]
    [InlineData("# only a comment", "the file is empty; a pipeline needs at least a name and steps")]
    [InlineData("- a\n- b", "line 1, column 1: a pipeline is a map with name, steps")]
    [InlineData("description: x", "line 1, column 1: name is required")]
    [InlineData("name: p", "line 1, column 1: steps is required")]
    [InlineData("name: p\nsteps: []", "line 2, column 8: steps is empty")]
    [InlineData("name: p\nsteps: [noop]", "line 2, column 9: a step must be a map with name and kind")]
    [InlineData("name: p\nsteps: [{kind: noop}]", "line 2, column 9: a step needs a name")]
    [InlineData("name: p\nsteps: [{name: a}]", "line 2, column 9: step 'a' needs a kind; known kinds: echo, noop")]
    [InlineData("name: p\nsteps: [{name: a.b, kind: noop}]", "line 2, column 16: step name 'a.b' must be 1–100 letters, digits, '-' or '_'")]
    [InlineData("name: p\nparams: {a b: 1}\nsteps: [{name: a, kind: noop}]", "line 2, column 10: parameter name 'a b' may hold only letters")]
    [InlineData("name: p\nparams: {a: [1]}\nsteps: [{name: a, kind: noop}]", "line 2, column 13: parameter 'a' must be one value")]
    [InlineData("name: p\nsteps: [{name: a, kind: noop, needs: [b, b]}, {name: b, kind: noop}]", "line 2, column 42: step 'a' needs 'b' twice")]
    public void Parse_StructuralProblem_Reported(string yaml, string expected)
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Parse(yaml, TestStepKinds.Simple));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NotFound()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineYaml.Load("/nonexistent/pipeline.yaml", TestStepKinds.Simple));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
    }

    [Fact]
    public void Load_File_SourceNamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"argus-pipeline-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: p\nsteps: [{name: a, kind: nope}]\n");
        try
        {
            var error = Assert.Throws<ArgusException>(() => PipelineYaml.Load(path, TestStepKinds.Simple));

            Assert.StartsWith($"{path} is not a valid pipeline (1 problem):", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
