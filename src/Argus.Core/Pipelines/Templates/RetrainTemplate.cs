using System.Globalization;
using System.Text;
using Argus.Core.Errors;

namespace Argus.Core.Pipelines.Templates;

/// <summary>
/// The seed pipeline for retraining a model on a dataset and watching it:
/// <c>data → tune → train → register → evaluate → promote → monitor</c>.
/// It reads these outputs of the step kinds (their names are the kinds' contract):
/// <list type="bullet">
/// <item><c>data</c>: <c>path</c> (the file as read), <c>digest</c>, <c>rows</c>;</item>
/// <item><c>tune</c>: <c>best_params</c> (a JSON object of XGBoost parameters), <c>best_metric</c>, <c>run_id</c>, <c>best_run_id</c>;</item>
/// <item><c>train</c>: <c>run_id</c>, <c>model_uri</c>, one output per held-out metric (<c>test_rmse</c>);</item>
/// <item><c>register</c>: <c>version</c>;</item>
/// <item><c>evaluate</c>: <c>run_id</c>, <c>candidate_METRIC</c>, <c>baseline_METRIC</c>;</item>
/// <item><c>promote</c>: <c>promoted</c>, <c>champion</c>, <c>verdict</c>;</item>
/// <item><c>monitor</c>: <c>windows</c>, <c>drifted_windows</c>, <c>last_run_id</c>.</item>
/// </list>
/// </summary>
public static class RetrainTemplate
{
    /// <summary>The steps the template writes, in order.</summary>
    public static IReadOnlyList<string> StepNames { get; } = ["data", "tune", "train", "register", "evaluate", "promote", "monitor"];

    /// <summary>
    /// The YAML of a pipeline that retrains <paramref name="model"/> on <paramref name="dataPath"/> predicting
    /// <paramref name="target"/>. The three are parameters of the pipeline, so a run can point at other data
    /// (<c>--param data=…</c>). A relative <paramref name="dataPath"/> is read from the pipeline file's folder.
    /// </summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE: an empty value, a line break, or options out of range.</exception>
    public static string Write(string dataPath, string target, string model, RetrainTemplateOptions? options = null)
    {
        options ??= new RetrainTemplateOptions();
        var problems = new List<string>();
        Check(dataPath, "data path", problems);
        Check(target, "target", problems);
        Check(model, "model", problems);
        Check(options.Metric, "metric", problems);
        if (options.MaxEvals is < 1 or > 10_000)
        {
            problems.Add($"max evals must be 1–10000 (got {options.MaxEvals})");
        }

        if (options.Name is { } given && (given.Length is 0 or > PipelineYaml.MaxNameLength || !given.All(IsNameChar)))
        {
            problems.Add($"pipeline name '{given}' must be 1–{PipelineYaml.MaxNameLength} letters, digits, '-', '_', '.' or '/'");
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter("Cannot write the retrain pipeline: " + string.Join("; ", problems) + ".");
        }

        var name = options.Name ?? DefaultName(model);
        var metric = Quote(options.Metric);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$$"""
            # Retrain model '{{{Comment(model)}}}': read the data, tune XGBoost's parameters, train with the best ones, register the
            # model, evaluate it against the champion, promote it when it is better on {{{Comment(options.Metric)}}}, and monitor
            # the served model's inference log against the data (drift per window, recorded as runs of monitoring/MODEL).
            #   argus pipeline validate FILE                      checks it and prints the steps in run order
            #   argus pipeline run FILE --param data=new.csv      runs it on other data
            # Relative paths are read from this file's folder.
            name: {{{Quote(name)}}}
            description: {{{Quote($"Retrain {model} on new data and promote it when it beats the champion on {options.Metric}.")}}}
            params:
              data: {{{Quote(dataPath)}}}
              target: {{{Quote(target)}}}
              model: {{{Quote(model)}}}
              max_evals: "{{{options.MaxEvals}}}"
              monitor_window: 1h
            defaults:                     # every step, unless it says otherwise
              retries: 2
              retry_delay: 30s
              backoff: 2
              max_retry_delay: 10m
              timeout: 1h
            # Who is told when a run fails after its retries (the channels of a notifications file):
            # on_failure:
            #   webhook: https://hooks.example.com/argus
            #   email:
            #     host: smtp.example.com
            #     username: argus
            #     password_env: ARGUS_SMTP_PASSWORD
            #     from: argus@example.com
            #     to: [ml-team@example.com]
            steps:
              - name: data
                kind: data
                with:
                  path: ${{ params.data }}
                  target: ${{ params.target }}

              - name: tune
                kind: tune
                needs: [data]
                retries: 0                # a long search: fail fast rather than start over
                timeout: 2h
                with:
                  data: ${{ steps.data.outputs.path }}
                  target: ${{ params.target }}
                  experiment: ${{ params.model }}
                  max_evals: ${{ params.max_evals }}
                  algo: tpe
                  metric: {{{metric}}}
                  seed: "{{{options.Seed}}}"

              - name: train
                kind: train
                needs: [tune]
                with:
                  data: ${{ steps.data.outputs.path }}
                  target: ${{ params.target }}
                  experiment: ${{ params.model }}
                  params: ${{ steps.tune.outputs.best_params }}

              - name: register
                kind: register
                needs: [train]
                with:
                  model: ${{ params.model }}
                  run_id: ${{ steps.train.outputs.run_id }}

              - name: evaluate
                kind: evaluate
                needs: [register]
                with:
                  model: ${{ params.model }}
                  candidate: ${{ steps.register.outputs.version }}
                  baseline: "@champion"
                  data: ${{ steps.data.outputs.path }}

              - name: promote
                kind: promote
                needs: [evaluate]
                with:
                  model: ${{ params.model }}
                  candidate: ${{ steps.register.outputs.version }}
                  metric: {{{metric}}}
                  min_improvement: "0"

              - name: monitor
                kind: monitor
                needs: [promote]
                with:
                  model: ${{ params.model }}
                  reference: ${{ steps.data.outputs.digest }}
                  target: ${{ params.target }}
                  window: ${{ params.monitor_window }}
                  # webhook: [https://hooks.example.com/argus]   # told when a window shows dataset drift

            """);
        return text.ToString();
    }

    /// <summary><c>MODEL-retrain</c> with characters a pipeline name may not hold replaced by '-'.</summary>
    internal static string DefaultName(string model)
    {
        var name = new string([.. model.Select(c => IsNameChar(c) ? c : '-')]) + "-retrain";
        return name.Length <= PipelineYaml.MaxNameLength ? name : name[^PipelineYaml.MaxNameLength..];
    }

    /// <summary>
    /// A YAML scalar that reads back as <paramref name="value"/>: plain when that is unambiguous, else double-quoted.
    /// Parameters are not expressions (a value is substituted as it is), so <c>${{</c> needs no escaping here.
    /// </summary>
    internal static string Quote(string value)
    {
        if (IsPlain(value))
        {
            return value;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\t' => quoted.Append("\\t"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private static bool IsPlain(string value) =>
        value.Length > 0
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/')
        && (char.IsAsciiLetterOrDigit(value[0]) || value[0] is '_' or '.' or '/')
        && !(value is "true" or "false" or "null" or "yes" or "no" or "on" or "off" or "y" or "n"
            || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/';

    private static string Comment(string value) => value.Replace("\n", " ", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal);

    private static void Check(string? value, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{what} is empty");
        }
        else if (value.Any(c => c is '\n' or '\r'))
        {
            problems.Add($"{what} holds a line break");
        }
    }
}
