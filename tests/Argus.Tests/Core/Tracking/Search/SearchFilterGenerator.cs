using System.Globalization;
using System.Text;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Tracking.Search;

/// <summary>
/// Grammar-aware generation of search filters and order_by clauses for fuzzing: mostly valid expressions over each
/// entity's real identifiers (so they get past the parser and into SQL), with keys and values full of quotes,
/// backslashes, NUL, unicode and <see cref="Canary"/>, numbers at the edges of double, deep nesting and long
/// chains around the parser's limits, then often mutated at character level.
/// </summary>
internal sealed class SearchFilterGenerator(Random random)
{
    /// <summary>Marks user text: SQL built from a filter must never contain it.</summary>
    public const string Canary = "Zq9Canary";

    private static readonly string[] RunTypes = ["metrics", "metric", "METRICS", "params", "param", "parameters", "parameter", "tags", "tag", "Tags"];

    private static readonly string[] RunAttributes =
        ["run_id", "run_name", "run name", "Run name", "Run Name", "user_id", "status", "artifact_uri", "lifecycle_stage", "start_time", "created", "Created", "end_time", "experiment_id"];

    private static readonly string[] AttributeTypes = ["attributes", "attribute", "attr", "run", "ATTRIBUTES"];

    private static readonly string[] ExperimentAttributes = ["name", "creation_time", "last_update_time", "experiment_id"];

    private static readonly string[] ModelAttributes = ["name", "creation_timestamp", "timestamp", "last_updated_timestamp"];

    private static readonly string[] VersionAttributes = ["name", "run_id", "source_path", "version_number", "creation_timestamp", "last_updated_timestamp"];

    private static readonly string[] Keys = ["rmse", "acc", "f1 score", "lr", "model", "team", "note", "user-name", "a.b", "mlflow.prompt.is_prompt", "x", Canary];

    private static readonly string[] Operators = ["=", "!=", "<", "<=", ">", ">=", "LIKE", "like", "ILIKE", "iLike", "IN", "in", "NOT IN", "not In", "<>", "==", "=>", "!"];

    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "0.5", ".5", "5.", "-.25", "1e3", "2E-2", "1e308", "-1e308", "1.7976931348623157e308", "4.9e-324", "1e-400",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890", "1e309", "1e", "1.2.3",
        "+7", "--1", "0001", "1_0",
    ];

    // Nasty text a database can store: no NUL, no unpaired surrogate (those are refused before SQL).
    private static readonly string[] StorableNastyText = [.. Fuzz.NastyText.Where(t => !t.Contains('\0', StringComparison.Ordinal) && !t.Any(char.IsSurrogate))];

    /// <summary>Tokens the character-level mutations insert, so broken inputs still look like filters.</summary>
    public static readonly string[] Tokens =
    [
        " AND ", " OR ", " and ", " NOT ", " IN ", " LIKE ", "(", ")", "((", "))", ",", "'", "\"", "`", ".", "=", "!=", "<", ">=", "metrics.",
        "params.", "tags.", "attributes.", "datasets.", "run_id", "status", "'x'", "1", "-1e999", " ASC", " DESC",
    ];

    /// <summary>A filter for <paramref name="entity"/>: an expression of one to many comparisons, maybe mutated.</summary>
    public string Filter(SearchEntity entity)
    {
        var filter = random.Next(20) switch
        {
            0 => DeepNesting(entity),
            1 => LongChain(entity),
            2 => LongList(entity),
            3 => string.Empty,
            4 => new string(' ', random.Next(1, 4)),
            _ => Expression(entity, 0),
        };
        return random.Chance(0.3) ? random.MutateText(filter, Tokens) : filter;
    }

    /// <summary>order_by clauses for <paramref name="entity"/>: usually none to three, sometimes past the limit.</summary>
    public List<string> OrderBy(SearchEntity entity)
    {
        if (entity == SearchEntity.Runs && random.Chance(0.03))
        {
            // Distinct keys around the limit of 32 clauses, each a join.
            return [.. Enumerable.Range(0, 28 + random.Next(10)).Select(i => random.Pick(new[] { "metrics", "params", "tags" }) + ".k" + i.ToString(CultureInfo.InvariantCulture))];
        }

        var count = random.Chance(0.5) ? 0 : 1 + random.Next(3);
        var clauses = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var clause = (random.Chance(0.7) ? Orderable(entity) : Identifier(entity)) + random.Next(5) switch
            {
                0 => " ASC",
                1 => " DESC",
                2 => " desc",
                _ => string.Empty,
            };
            clauses.Add(random.Chance(0.2) ? random.MutateText(clause, Tokens) : clause);
        }

        return clauses;
    }

    // An identifier the entity can be ordered by.
    private string Orderable(SearchEntity entity) => entity switch
    {
        SearchEntity.Runs => random.Next(4) switch
        {
            0 => Typed("metrics", Key(storable: true), valid: true),
            1 => Typed("params", Key(storable: true), valid: true),
            2 => Typed("tags", Key(storable: true), valid: true),
            _ => random.Pick(new[] { "start_time", "end_time", "status", "run_name", "experiment_id", "attributes.run_id" }),
        },
        SearchEntity.Experiments => random.Pick(ExperimentAttributes),
        SearchEntity.RegisteredModels => random.Pick(ModelAttributes),
        _ => random.Pick(new[] { "name", "version_number", "creation_timestamp", "last_updated_timestamp" }),
    };

    private string Expression(SearchEntity entity, int depth)
    {
        var parts = 1 + (random.Chance(0.5) ? random.Next(4) : 0);
        var text = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            if (i > 0)
            {
                text.Append(random.Chance(0.5) ? " AND " : random.Pick(new[] { " OR ", " or ", " And " }));
            }

            text.Append(depth < 6 && random.Chance(0.2) ? $"({Expression(entity, depth + 1)})" : random.Chance(0.8) ? ValidComparison(entity) : Comparison(entity));
        }

        return text.ToString();
    }

    // Nesting around the parser's limit of 50, alternating AND and OR so every level is a group in SQL.
    private string DeepNesting(SearchEntity entity)
    {
        var levels = 45 + random.Next(10);
        var filter = ValidComparison(entity);
        for (var i = 0; i < levels; i++)
        {
            filter = random.Chance(0.5)
                ? $"({filter}{(i % 2 == 0 ? " AND " : " OR ")}{ValidComparison(entity)})"
                : $"{ValidComparison(entity)}{(i % 2 == 0 ? " AND (" : " OR (")}{filter})";
        }

        return filter;
    }

    // Chains of comparisons around the parser's limit of 500, in groups so the SQL nests too.
    private string LongChain(SearchEntity entity)
    {
        var count = 480 + random.Next(40);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(i % 7 == 0 ? ") AND (" : " OR ");
            }

            text.Append(ValidComparison(entity));
        }

        return "(" + text + ")";
    }

    // IN lists around the parser's limit of 10,000 values.
    private string LongList(SearchEntity entity)
    {
        var count = random.Chance(0.5) ? 9_990 + random.Next(20) : random.Next(1, 2000);
        var identifier = entity switch
        {
            SearchEntity.Runs => random.Chance(0.5) ? "attributes.run_id" : "datasets.digest",
            SearchEntity.ModelVersions => "run_id",
            _ => "name",
        };
        var values = Enumerable.Range(0, count).Select(i => i % 97 == 0 ? QuotedString() : string.Create(CultureInfo.InvariantCulture, $"'{Canary}{i}'"));
        return $"{identifier} {(random.Chance(0.5) ? "IN" : "NOT IN")} ({string.Join(",", values)})";
    }

    private string Comparison(SearchEntity entity)
    {
        var op = random.Pick(Operators);
        var value = op.Contains("IN", StringComparison.OrdinalIgnoreCase) && !random.Chance(0.1)
            ? "(" + string.Join(", ", Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Scalar())) + ")"
            : random.Chance(0.05) ? "(" + Scalar() + ")" : Scalar();
        var space = random.Chance(0.1) ? string.Empty : " ";
        return Identifier(entity) + space + op + space + value;
    }

    // A comparison every translator of the entity accepts, so long and deep filters reach the database.
    private string ValidComparison(SearchEntity entity)
    {
        var text = QuotedString(storable: true);
        var number = random.Pick(Numbers.Where(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)).ToArray());
        var numeric = random.Pick(new[] { "=", "!=", "<", "<=", ">", ">=" });
        var textual = random.Pick(new[] { "=", "!=", "LIKE", "ILIKE" });
        var list = "(" + string.Join(", ", Enumerable.Range(0, 1 + random.Next(3)).Select(_ => QuotedString(storable: true))) + ")";
        var inList = random.Chance(0.5) ? "IN" : "NOT IN";
        return entity switch
        {
            SearchEntity.Runs => random.Next(6) switch
            {
                0 => $"{Typed("metrics", Key(storable: true), valid: true)} {numeric} {number}",
                1 => $"{Typed("params", Key(storable: true), valid: true)} {textual} {text}",
                2 => $"{Typed("tags", Key(storable: true), valid: true)} {textual} {text}",
                3 => $"{random.Pick(new[] { "status", "run_name", "user_id", "attributes.run_id", "`Run Name`" })} {(random.Chance(0.5) ? inList + " " + list : textual + " " + text)}",
                4 => $"{random.Pick(new[] { "start_time", "end_time", "created" })} {numeric} {number}",
                _ => $"datasets.{random.Pick(new[] { "name", "digest", "context" })} {(random.Chance(0.5) ? inList + " " + list : textual + " " + text)}",
            },
            SearchEntity.Experiments => random.Next(3) switch
            {
                0 => $"name {textual} {text}",
                1 => $"{random.Pick(new[] { "creation_time", "last_update_time" })} {numeric} {number}",
                _ => $"{Typed("tags", Key(storable: true), valid: true)} {textual} {text}",
            },
            SearchEntity.RegisteredModels => random.Chance(0.5) ? $"name {textual} {text}" : $"{Typed("tags", Key(storable: true), valid: true)} {textual} {text}",
            _ => random.Next(4) switch
            {
                0 => $"run_id {(random.Chance(0.5) ? "IN " + list : textual + " " + text)}",
                1 => $"{random.Pick(new[] { "version_number", "creation_timestamp", "last_updated_timestamp" })} {numeric} {number}",
                2 => $"{random.Pick(new[] { "name", "source_path" })} {textual} {text}",
                _ => $"{Typed("tags", Key(storable: true), valid: true)} {textual} {text}",
            },
        };
    }

    private string Scalar() => random.Next(10) switch
    {
        < 4 => random.Pick(Numbers),
        < 9 => QuotedString(),
        _ => random.Pick(new[] { "x", "NULL", "TRUE", "-", "''''" }),
    };

    private string QuotedString(bool storable = false)
    {
        var quote = random.Chance(0.7) ? '\'' : '"';
        var content = Text(storable).Replace(quote.ToString(), new string(quote, 2), StringComparison.Ordinal);
        return quote + content + quote;
    }

    private string Identifier(SearchEntity entity)
    {
        switch (entity)
        {
            case SearchEntity.Runs:
                return random.Next(10) switch
                {
                    < 5 => Typed(random.Pick(RunTypes), Key()),
                    < 7 => random.Chance(0.5) ? Typed(random.Pick(AttributeTypes), random.Pick(RunAttributes)) : Bare(random.Pick(RunAttributes)),
                    < 9 => Typed(random.Chance(0.8) ? "datasets" : "dataset", random.Pick(new[] { "name", "digest", "context", "profile" })),
                    _ => Typed(random.Pick(new[] { "metricz", "a.b", "", "\u00e9" }), Key()),
                };
            case SearchEntity.Experiments:
                return random.Chance(0.5) ? Typed(random.Chance(0.8) ? "tags" : "tag", Key()) : Bare(random.Pick(ExperimentAttributes));
            case SearchEntity.RegisteredModels:
                return random.Chance(0.5) ? Typed("tags", Key()) : Bare(random.Pick(ModelAttributes));
            default:
                return random.Chance(0.5) ? Typed("tags", Key()) : random.Chance(0.7) ? Bare(random.Pick(VersionAttributes)) : Typed("attributes", random.Pick(VersionAttributes));
        }
    }

    // type.key, type.`key` or type."key", whichever the key allows (and sometimes one it does not).
    private string Typed(string type, string key, bool valid = false)
    {
        var plain = key.Length > 0 && (char.IsLetter(key[0]) || key[0] == '_') && key.All(c => char.IsLetterOrDigit(c) || c is '_' or '.');
        return random.Next(4) switch
        {
            0 when plain => $"{type}.{key}",
            1 => $"{type}.\"{key.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
            3 when !valid => $"{type}.{key}",
            _ => $"{type}.`{key.Replace("`", "``", StringComparison.Ordinal)}`",
        };
    }

    private string Bare(string name) =>
        name.Contains(' ', StringComparison.Ordinal) || random.Chance(0.2) ? $"`{name}`" : name;

    private string Key(bool storable = false) => random.Chance(0.6) ? random.Pick(Keys) : Text(storable);

    // Free text: the canary with nasty pieces, now and then very long.
    private string Text(bool storable = false)
    {
        var text = new StringBuilder(Canary);
        var pieces = random.Next(4);
        for (var i = 0; i < pieces; i++)
        {
            text.Append(random.Chance(0.5) ? random.Pick(storable ? StorableNastyText : Fuzz.NastyText) : random.Pick(Keys));
        }

        if (random.Chance(storable ? 0.002 : 0.02))
        {
            text.Append('x', 100_000);
        }

        return text.ToString();
    }
}
