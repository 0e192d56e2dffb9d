using System.CommandLine;
using Argus.Core.Tracking;

namespace Argus.Cli.Commands.Experiments;

/// <summary><c>--tag key=value</c>, repeatable; a value without <c>=</c> or with an empty key is a usage error.</summary>
internal static class TagOption
{
    public static Option<Tag[]> Create() => new("--tag")
    {
        Description = "A tag as key=value, repeatable.",
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = static _ => [],
        CustomParser = static result =>
        {
            var tags = new List<Tag>();
            foreach (var token in result.Tokens)
            {
                var equals = token.Value.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    result.AddError($"Invalid --tag '{token.Value}': expected key=value.");
                    continue;
                }

                tags.Add(new Tag(token.Value[..equals], token.Value[(equals + 1)..]));
            }

            return [.. tags];
        },
    };
}
