namespace Argus.Cli.Output;

/// <summary>How a command writes its result: a table for people, or MLflow-shaped JSON for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
