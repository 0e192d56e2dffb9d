using Microsoft.Playwright;

namespace Argus.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, driven by Playwright: one browser per test class (an xUnit class fixture). Pages
/// opened with <see cref="OpenAsync"/> record every console message of level warning or error and every uncaught
/// exception, so a test can assert there were none.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    /// <summary>The browser the setup script installs.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: run scripts/setup.sh (it installs Debian's chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>Opens <paramref name="url"/> in a fresh context of the given viewport; problems are collected in the result.</summary>
    public async Task<BrowserPage> OpenAsync(string url, int width = 1280, int height = 800)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (problems)
                {
                    // The location names the resource of a "Failed to load resource" message.
                    problems.Add($"console {message.Type}: {message.Text} (at {message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add($"uncaught: {error}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            lock (problems)
            {
                problems.Add($"request failed: {request.Url}");
            }
        };
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return new BrowserPage(context, page, problems);
    }
}

/// <summary>An open page and the problems seen on it.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page, List<string> problems) : IAsyncDisposable
{
    public IPage Page => page;

    /// <summary>Console warnings and errors, uncaught exceptions and failed requests so far.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
