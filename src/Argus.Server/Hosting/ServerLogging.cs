namespace Argus.Server.Hosting;

/// <summary>Logging for every Argus server: single-line console logs on stderr, Argus at Information, the rest at Warning.</summary>
internal static class ServerLogging
{
    public static void Configure(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Logs go to stderr; stdout carries only what commands print (the URL), so scripts can read it.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Argus", LogLevel.Information);
    }
}
